"""Transactional outbox: events written with the state change, relayed to the stream after commit."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

import redis

from .envelope import EventEnvelope
from .tables import outbox

log = logging.getLogger(__name__)

OUTBOX_CHANNEL = "outbox_novo"


def add_to_outbox(session: Session, event: EventEnvelope) -> None:
    """Stage an event in the caller's transaction; it is published only if that commits."""
    session.execute(
        outbox.insert().values(
            event_id=event.event_id,
            aggregate_type=event.aggregate_type,
            aggregate_id=event.aggregate_id,
            event_type=event.type,
            payload=json.loads(event.to_json()),
        )
    )
    # Wakes a relay waiting on LISTEN as soon as the transaction commits.
    session.execute(sa.text(f"NOTIFY {OUTBOX_CHANNEL}"))


@dataclass
class OutboxRelay:
    """Publishes unpublished outbox rows to the stream in order, then marks them published."""

    engine: sa.Engine
    bus: redis.Redis
    stream: str
    batch_size: int = 200

    def relay_batch(self) -> int:
        """Publish one batch; return how many rows were published.

        A crash after XADD and before COMMIT republishes those rows later: a duplicate, never a
        loss. Consumers deduplicate on event_id.
        """
        with self.engine.begin() as conn:
            rows = conn.execute(
                sa.select(outbox.c.id, outbox.c.payload)
                .where(outbox.c.published_at.is_(None))
                .order_by(outbox.c.id)
                .limit(self.batch_size)
                .with_for_update(skip_locked=True)
            ).all()
            if not rows:
                return 0
            try:
                self._publish([row.payload for row in rows])
            except redis.RedisError as exc:
                conn.execute(
                    outbox.update()
                    .where(outbox.c.id.in_([row.id for row in rows]))
                    .values(attempts=outbox.c.attempts + 1, last_error=str(exc)[:500])
                )
                log.warning("outbox relay could not reach the bus", extra={"error": str(exc)})
                return 0
            conn.execute(
                outbox.update()
                .where(outbox.c.id.in_([row.id for row in rows]))
                .values(published_at=sa.func.now(), attempts=outbox.c.attempts + 1, last_error=None)
            )
        return len(rows)

    def _publish(self, payloads: list[dict[str, object]]) -> None:
        pipe = self.bus.pipeline(transaction=False)
        for payload in payloads:
            pipe.xadd(self.stream, EventEnvelope.from_dict(payload).to_stream_fields())
        pipe.execute()

    def pending_count(self) -> int:
        """Rows written but not yet published (the relay's backlog)."""
        with self.engine.connect() as conn:
            count = conn.execute(
                sa.select(sa.func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
            ).scalar_one()
        return int(count)
