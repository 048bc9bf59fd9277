"""The event store: every domain event of the marketplace, once, forever."""

from __future__ import annotations

from datetime import datetime
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

    def to_dict(self) -> dict[str, object]:
        """The event as the API shows it (the envelope's own field names)."""
        return {
            "event_id": self.event_id,
            "type": self.tipo,
            "aggregate_type": self.agregado_tipo,
            "aggregate_id": self.agregado_id,
            "version": self.versao,
            "occurred_at": self.ocorrido_em.isoformat(),
            "producer": self.produtor,
            "correlation_id": self.correlation_id,
            "causation_id": self.causation_id,
            "data": self.dados,
            "posicao": self.posicao,
        }
