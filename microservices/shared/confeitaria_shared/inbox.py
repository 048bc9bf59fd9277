"""Idempotent inbox: a consumer records each handled event in the same transaction as its effect."""

from __future__ import annotations

import logging
import uuid
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


def claim_events(session: Session, consumer: str, events: Sequence[EventEnvelope]) -> set[str]:
    """Record the events as handled by `consumer` in one insert; the ids not handled before.

    Ids come back in PostgreSQL's canonical spelling; compare them through `canonical_id`.
    """
    rows = {
        canonical_id(e): {"consumer": consumer, "event_id": e.event_id, "event_type": e.type} for e in events
    }
    inserted = session.execute(
        insert(inbox).values(list(rows.values())).on_conflict_do_nothing().returning(inbox.c.event_id)
    )
    return {str(event_id) for event_id in inserted.scalars()}


def canonical_id(event: EventEnvelope) -> str:
    """The event id as PostgreSQL spells a uuid (an envelope may carry another valid spelling)."""
    return str(uuid.UUID(event.event_id))


@dataclass
class TransactionalDispatcher:
    """Runs the handler for an event's type in one transaction with its inbox row."""

    session_factory: sessionmaker[Session]
    consumer: str
    handlers: Mapping[str, Handler]

    def handles(self, event_type: str) -> bool:
        """Whether this consumer has a handler for the type (others are acknowledged untouched)."""
        return self._handler(event_type) is not None

    def __call__(self, event: EventEnvelope) -> None:
        """Apply the event once; types without a handler are skipped (not for this consumer)."""
        handler = self._handler(event.type)
        if handler is None:
            return
        with self.session_factory() as session, session.begin():
            if not claim_event(session, self.consumer, event):
                log.info("event already handled", extra={"event_id": event.event_id})
                return
            handler(event, session)

    def batch(self, events: Sequence[EventEnvelope]) -> None:
        """Apply a read in stream order in one transaction with one inbox insert: all commit, or none."""
        wanted = [(event, handler) for event in events if (handler := self._handler(event.type))]
        if not wanted:
            return
        with self.session_factory() as session, session.begin():
            new = claim_events(session, self.consumer, [event for event, _handler in wanted])
            for event, handler in wanted:
                if canonical_id(event) not in new:
                    log.info("event already handled", extra={"event_id": event.event_id})
                    continue
                new.discard(canonical_id(event))  # a duplicate later in the same read is a redelivery
                handler(event, session)

    def _handler(self, event_type: str) -> Handler | None:
        return self.handlers.get(event_type) or self.handlers.get(ALL_EVENTS)


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
