"""The orders read model (the event-sourced aggregate arrives with the checkout saga)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db


class Pedido(db.Model):  # type: ignore[name-defined]
    """One order as listed to customers and staff."""

    __tablename__ = "pedidos"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    status: Mapped[str] = mapped_column(sa.String(30))
    cliente_email: Mapped[str] = mapped_column(sa.String(254))
    total: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    criado_em: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    atualizado_em: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())

    def to_dict(self) -> dict[str, object]:
        """The order as the API shows it."""
        return {
            "id": self.id,
            "status": self.status,
            "cliente_email": self.cliente_email,
            "total": self.total,
            "criado_em": self.criado_em.isoformat(),
            "atualizado_em": self.atualizado_em.isoformat(),
        }
