"""Stores each event from the stream once in the event store."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from confeitaria_shared.envelope import EventEnvelope

from .models import Evento


def armazenar_evento(event: EventEnvelope, session: Session) -> None:
    """Insert the event; an event_id already stored changes nothing."""
    session.execute(
        insert(Evento)
        .values(
            event_id=event.event_id,
            tipo=event.type,
            agregado_tipo=event.aggregate_type,
            agregado_id=event.aggregate_id,
            versao=event.version,
            ocorrido_em=datetime.fromisoformat(event.occurred_at),
            produtor=event.producer,
            correlation_id=event.correlation_id,
            causation_id=event.causation_id,
            dados=event.data,
        )
        .on_conflict_do_nothing(index_elements=["event_id"])
    )
