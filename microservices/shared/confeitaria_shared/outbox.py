"""Transactional outbox: events written with the state change, relayed to the stream after commit."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

import redis

from .envelope import EventEnvelope
from .replicacao import xadd_replicado
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
    # Replicas of the bus that must have a batch before it is marked (1 under Sentinel).
    replicas: int = 0
    # Whether the last batch found the bus unreachable (its rows wait for the next try).
    bus_failed: bool = False

    def relay_batch(self) -> int:
        """Publish one batch; return how many rows were published.

        The rows are taken and marked in one statement and the mark commits only after XADD: a
        crash in between republishes them later, a duplicate, never a loss. Consumers deduplicate
        on event_id.
        """
        ids: list[int] = []
        self.bus_failed = False
        try:
            with self.engine.begin() as conn:
                rows = sorted(conn.execute(self._take_and_mark()).all(), key=lambda row: row.id)
                ids = [row.id for row in rows]
                if rows:
                    self._publish([row.payload for row in rows])
        except redis.RedisError as exc:
            # The mark rolled back with the transaction: the rows wait for the bus.
            self.bus_failed = True
            self._record_failure(ids, exc)
            return 0
        return len(rows)

    def _take_and_mark(self) -> sa.UpdateBase:
        # One round trip instead of SELECT ... FOR UPDATE then UPDATE; SKIP LOCKED lets a second
        # relay take other rows, and the batch is sorted back into outbox order before XADD.
        batch = (
            sa.select(outbox.c.id)
            .where(outbox.c.published_at.is_(None))
            .order_by(outbox.c.id)
            .limit(self.batch_size)
            .with_for_update(skip_locked=True)
        )
        return (
            outbox.update()
            .where(outbox.c.id.in_(batch.scalar_subquery()))
            .values(published_at=sa.func.now(), attempts=outbox.c.attempts + 1, last_error=None)
            .returning(outbox.c.id, outbox.c.payload)
        )

    def _record_failure(self, ids: list[int], exc: redis.RedisError) -> None:
        log.warning("outbox relay could not reach the bus", extra={"error": str(exc)})
        with self.engine.begin() as conn:
            conn.execute(
                outbox.update()
                .where(outbox.c.id.in_(ids))
                .values(attempts=outbox.c.attempts + 1, last_error=str(exc)[:500])
            )

    def _publish(self, payloads: list[dict[str, object]]) -> None:
        # Not acknowledged by the bus's replica: ReplicaNaoConfirmou (a RedisError) rolls the mark
        # back with the rest, and the rows go again (replicacao.py).
        entradas = (EventEnvelope.from_dict(payload).to_stream_fields() for payload in payloads)
        xadd_replicado(self.bus, self.stream, entradas, self.replicas)

    def pending_count(self) -> int:
        """Rows written but not yet published (the relay's backlog)."""
        with self.engine.connect() as conn:
            count = conn.execute(
                sa.select(sa.func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
            ).scalar_one()
        return int(count)
