"""Catalog tables: categories and products."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db


class Categoria(db.Model):  # type: ignore[name-defined]
    """A shelf of the bakery: Bolos, Doces, Tortas..."""

    __tablename__ = "categorias"

    id: Mapped[int] = mapped_column(primary_key=True)
    nome: Mapped[str] = mapped_column(sa.String(80), unique=True)
    descricao: Mapped[str] = mapped_column(sa.Text, default="")
    produtos: Mapped[list[Produto]] = relationship(back_populates="categoria")

    def to_dict(self) -> dict[str, object]:
        """The category as the API shows it."""
        return {"id": self.id, "nome": self.nome, "descricao": self.descricao}


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
    categoria: Mapped[Categoria] = relationship(back_populates="produtos")

    def to_dict(self) -> dict[str, object]:
        """The product as the API shows it."""
        return {
            "id": self.id,
            "nome": self.nome,
            "descricao": self.descricao,
            "preco": self.preco,
            "estoque": self.estoque,
            "categoria_id": self.categoria_id,
            "categoria_nome": self.categoria.nome,
            "ativo": self.ativo,
            "imagem_url": self.imagem_url,
            "versao": self.versao,
        }
