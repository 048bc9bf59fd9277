"""The event store: every domain event of the marketplace, once, forever."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db


class Evento(db.Model):  # type: ignore[name-defined]
    """A stored event envelope."""

    __tablename__ = "eventos"

    posicao: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    event_id: Mapped[str] = mapped_column(UUID(as_uuid=False), unique=True)
    tipo: Mapped[str] = mapped_column(sa.String(80))
    agregado_tipo: Mapped[str] = mapped_column(sa.String(60))
    agregado_id: Mapped[str] = mapped_column(sa.String(120))
    versao: Mapped[int]
    ocorrido_em: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    produtor: Mapped[str] = mapped_column(sa.String(60))
    correlation_id: Mapped[str | None] = mapped_column(sa.String(128))
    causation_id: Mapped[str | None] = mapped_column(sa.String(128))
    dados: Mapped[dict[str, Any]] = mapped_column(JSONB)
    armazenado_em: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class PedidoProjetado(db.Model):  # type: ignore[name-defined]
    """The events service's own view of an order, folded from the stored events."""

    __tablename__ = "pedidos_projetados"

    pedido_id: Mapped[str] = mapped_column(sa.String(120), primary_key=True)
    status: Mapped[str] = mapped_column(sa.String(30))
    total: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    unidades: Mapped[int]
    # A reference, never the person: name, e-mail and address stay in the orders service.
    cliente_id: Mapped[str | None] = mapped_column(sa.String(120))
    motivo_cancelamento: Mapped[str | None] = mapped_column(sa.String(60))
    eventos: Mapped[int]
    criado_em: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    atualizado_em: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))


class EventosPorTipo(db.Model):  # type: ignore[name-defined]
    """How many events of each type the store holds, and when the last one happened."""

    __tablename__ = "eventos_por_tipo"

    tipo: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    quantidade: Mapped[int] = mapped_column(sa.BigInteger)
    ultimo_em: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))


class Reprocessamento(db.Model):  # type: ignore[name-defined]
    """One dead letter sent back to the stream by staff, and what came of it."""

    __tablename__ = "reprocessamentos"

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    dlq_id: Mapped[str] = mapped_column(sa.String(40))
    event_id: Mapped[str | None] = mapped_column(sa.String(120))
    tipo: Mapped[str | None] = mapped_column(sa.String(80))
    grupo: Mapped[str] = mapped_column(sa.String(60))
    erro: Mapped[str] = mapped_column(sa.Text)
    entregas: Mapped[int]
    resultado: Mapped[str] = mapped_column(sa.String(20))
    novo_id: Mapped[str | None] = mapped_column(sa.String(40))
    detalhe: Mapped[str | None] = mapped_column(sa.Text)
    pedido_por: Mapped[str] = mapped_column(sa.String(120))
    em: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
