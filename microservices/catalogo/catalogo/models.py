"""Catalog tables: categories, products, the stock ledger and reservations per order."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db


class Categoria(db.Model):  # type: ignore[name-defined]
    """A shelf of the bakery: Bolos, Doces, Tortas..."""

    __tablename__ = "categorias"

    id: Mapped[int] = mapped_column(primary_key=True)
    nome: Mapped[str] = mapped_column(sa.String(80), unique=True)
    descricao: Mapped[str] = mapped_column(sa.Text, default="")
    ativo: Mapped[bool] = mapped_column(default=True)
    versao: Mapped[int] = mapped_column(default=1)
    produtos: Mapped[list[Produto]] = relationship(back_populates="categoria")

    def to_dict(self) -> dict[str, object]:
        """The category as the API shows it."""
        return {
            "id": self.id,
            "nome": self.nome,
            "descricao": self.descricao,
            "ativo": self.ativo,
            "versao": self.versao,
        }


class Produto(db.Model):  # type: ignore[name-defined]
    """Something the bakery sells, with its price and units in stock."""

    __tablename__ = "produtos"

    id: Mapped[int] = mapped_column(primary_key=True)
    nome: Mapped[str] = mapped_column(sa.String(120), unique=True)
    descricao: Mapped[str] = mapped_column(sa.Text, default="")
    preco: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))
    estoque: Mapped[int] = mapped_column(sa.Integer, default=0)
    categoria_id: Mapped[int] = mapped_column(sa.ForeignKey("categorias.id"))
    ativo: Mapped[bool] = mapped_column(default=True)
    imagem_url: Mapped[str | None] = mapped_column(sa.String(300))
    versao: Mapped[int] = mapped_column(default=1)
    criado_em: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    atualizado_em: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    categoria: Mapped[Categoria] = relationship(back_populates="produtos", lazy="joined", innerjoin=True)


class MovimentoEstoque(db.Model):  # type: ignore[name-defined]
    """One append-only change of a product's stock, with its reason and correlation."""

    __tablename__ = "movimentos_estoque"

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    produto_id: Mapped[int] = mapped_column(sa.ForeignKey("produtos.id"))
    delta: Mapped[int]
    estoque_resultante: Mapped[int]
    motivo: Mapped[str] = mapped_column(sa.String(20))
    pedido_id: Mapped[str | None] = mapped_column(sa.String(64))
    correlation_id: Mapped[str | None] = mapped_column(sa.String(128))
    criado_em: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())

    def to_dict(self) -> dict[str, object]:
        """The movement as the API shows it."""
        return {
            "id": self.id,
            "produto_id": self.produto_id,
            "delta": self.delta,
            "estoque_resultante": self.estoque_resultante,
            "motivo": self.motivo,
            "pedido_id": self.pedido_id,
            "correlation_id": self.correlation_id,
            "criado_em": self.criado_em.isoformat(),
        }


class Reserva(db.Model):  # type: ignore[name-defined]
    """The stock held for one order: RESERVADA, then VENDIDA or LIBERADA."""

    __tablename__ = "reservas"

    pedido_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    status: Mapped[str] = mapped_column(sa.String(20))
    itens: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    expira_em: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    criado_em: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    atualizado_em: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
