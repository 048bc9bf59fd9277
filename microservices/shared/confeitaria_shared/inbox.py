"""Idempotent inbox: a consumer records each handled event in the same transaction as its effect."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from .envelope import EventEnvelope
from .tables import inbox

log = logging.getLogger(__name__)

Handler = Callable[[EventEnvelope, Session], None]
# Applies many events in one transaction; its own unique keys make redelivery harmless.
BatchHandler = Callable[[Sequence[EventEnvelope], Session], None]
# Key of a handler that takes every event type (the events service stores them all).
ALL_EVENTS = "*"


def claim_event(session: Session, consumer: str, event: EventEnvelope) -> bool:
    """Record the event as handled by `consumer`; False when it already was (a redelivery)."""
    inserted = session.execute(
        insert(inbox)
        .values(consumer=consumer, event_id=event.event_id, event_type=event.type)
        .on_conflict_do_nothing()
        .returning(inbox.c.event_id)
    ).first()
    return inserted is not None


@dataclass
class TransactionalDispatcher:
    """Runs the handler for an event's type in one transaction with its inbox row."""

    session_factory: sessionmaker[Session]
    consumer: str
    handlers: Mapping[str, Handler]

    def __call__(self, event: EventEnvelope) -> None:
        """Apply the event once; types without a handler are skipped (not for this consumer)."""
        handler = self.handlers.get(event.type) or self.handlers.get(ALL_EVENTS)
        if handler is None:
            return
        with self.session_factory() as session, session.begin():
            if not claim_event(session, self.consumer, event):
                log.info("event already handled", extra={"event_id": event.event_id})
                return
            handler(event, session)


@dataclass
class BatchDispatcher:
    """Runs a batch handler in one transaction, for a single event or for a whole read."""

    session_factory: sessionmaker[Session]
    handler: BatchHandler

    def __call__(self, event: EventEnvelope) -> None:
        """Apply one event."""
        self.batch([event])

    def batch(self, events: Sequence[EventEnvelope]) -> None:
        """Apply the events together: all of them commit, or none."""
        with self.session_factory() as session, session.begin():
            self.handler(events, session)
