"""Orders tables: the order events (the truth), the read model, and payment transactions."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db


class EventoPedido(db.Model):  # type: ignore[name-defined]
    """One event of one order, at its version."""

    __tablename__ = "eventos_pedido"

    pedido_id: Mapped[str] = mapped_column(UUID(as_uuid=False), primary_key=True)
    versao: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(UUID(as_uuid=False), unique=True)
    tipo: Mapped[str] = mapped_column(sa.String(60))
    dados: Mapped[dict[str, Any]] = mapped_column(JSONB)
    correlation_id: Mapped[str | None] = mapped_column(sa.String(128))
    causation_id: Mapped[str | None] = mapped_column(sa.String(128))
    ocorrido_em: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())

    def to_dict(self) -> dict[str, object]:
        """The event as the API shows it."""
        return {
            "event_id": self.event_id,
            "type": self.tipo,
            "version": self.versao,
            "occurred_at": self.ocorrido_em.isoformat(),
            "correlation_id": self.correlation_id,
            "causation_id": self.causation_id,
            "data": self.dados,
        }


class PedidoLido(db.Model):  # type: ignore[name-defined]
    """The read model of an order, rewritten in the transaction of each of its events."""

    __tablename__ = "pedidos"

    id: Mapped[str] = mapped_column(UUID(as_uuid=False), primary_key=True)
    status: Mapped[str] = mapped_column(sa.String(30))
    versao: Mapped[int]
    cliente_email: Mapped[str] = mapped_column(sa.String(254))
    cliente_id: Mapped[str | None] = mapped_column(UUID(as_uuid=False))
    cliente: Mapped[dict[str, Any]] = mapped_column(JSONB)
    entrega: Mapped[dict[str, Any]] = mapped_column(JSONB)
    pagamento_metodo: Mapped[str] = mapped_column(sa.String(20))
    itens: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    total: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    motivo_cancelamento: Mapped[str | None] = mapped_column(sa.String(40))
    historico: Mapped[list[dict[str, str]]] = mapped_column(JSONB)
    idempotency_key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    corpo_hash: Mapped[str] = mapped_column(sa.String(64))
    criado_em: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    atualizado_em: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())

    def to_dict(self) -> dict[str, object]:
        """The order as the API shows it."""
        return {
            "id": self.id,
            "status": self.status,
            "motivo_cancelamento": self.motivo_cancelamento,
            "itens": self.itens,
            "total": self.total,
            "quantidade_itens": sum(int(item["quantidade"]) for item in self.itens),
            "cliente": self.cliente,
            "entrega": self.entrega,
            "pagamento_metodo": self.pagamento_metodo,
            "historico_status": self.historico,
            "versao": self.versao,
            "criado_em": self.criado_em.isoformat(),
            "atualizado_em": self.atualizado_em.isoformat(),
        }


class Transacao(db.Model):  # type: ignore[name-defined]
    """One payment attempt or refund of an order."""

    __tablename__ = "transacoes"

    id: Mapped[str] = mapped_column(UUID(as_uuid=False), primary_key=True)
    pedido_id: Mapped[str] = mapped_column(UUID(as_uuid=False), sa.ForeignKey("pedidos.id"))
    tipo: Mapped[str] = mapped_column(sa.String(20))
    valor: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    metodo: Mapped[str] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(sa.String(20))
    detalhe: Mapped[str] = mapped_column(sa.Text)
    referencia: Mapped[str] = mapped_column(sa.String(80))
    criado_em: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    atualizado_em: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())

    def to_dict(self) -> dict[str, object]:
        """The transaction as the API shows it."""
        return {
            "id": self.id,
            "pedido_id": self.pedido_id,
            "tipo": self.tipo,
            "valor": self.valor,
            "metodo": self.metodo,
            "status": self.status,
            "detalhe": self.detalhe,
            "referencia": self.referencia,
            "criado_em": self.criado_em.isoformat(),
            "atualizado_em": self.atualizado_em.isoformat(),
        }


class Cliente(db.Model):  # type: ignore[name-defined]
    """A customer account: e-mail and a password kept only as its hash."""

    __tablename__ = "clientes"

    id: Mapped[str] = mapped_column(UUID(as_uuid=False), primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    nome: Mapped[str] = mapped_column(sa.String(120))
    telefone: Mapped[str | None] = mapped_column(sa.String(30))
    senha_hash: Mapped[str] = mapped_column(sa.String(255))
    criado_em: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())

    def to_dict(self) -> dict[str, object]:
        """The account as its owner sees it (never the hash)."""
        return {
            "id": self.id,
            "email": self.email,
            "nome": self.nome,
            "telefone": self.telefone,
            "criado_em": self.criado_em.isoformat(),
        }
