"""The transactional outbox and its relay, against real PostgreSQL and Redis."""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

import redis
from confeitaria_shared.config import StreamSettings
from confeitaria_shared.consumer import StreamConsumer
from confeitaria_shared.envelope import EventEnvelope
from confeitaria_shared.inbox import TransactionalDispatcher
from confeitaria_shared.outbox import OutboxRelay, add_to_outbox
from tests.integration.conftest import efeitos_por_evento, novo_evento, registrar_efeito


class RelayThatCrashesAfterPublishing(OutboxRelay):
    """A relay that dies between XADD and marking the rows published (its COMMIT never runs)."""

    def _publish(self, payloads: list[dict[str, object]]) -> None:
        super()._publish(payloads)
        raise SystemExit("relay killed after XADD, before COMMIT")


# The relay's own connections carry this name, so the test can cut exactly them.
RELAY_APPLICATION = "relay-under-test"


@dataclass
class RelayWhoseDatabaseDiesAfterPublishing(OutboxRelay):
    """A relay whose database connection is cut between XADD and marking the rows published."""

    admin: sa.Engine | None = None

    def _publish(self, payloads: list[dict[str, object]]) -> None:
        super()._publish(payloads)
        assert self.admin is not None
        with self.admin.connect() as conn:
            # With a timeout the call returns only once the backend is gone: the mark step finds it dead.
            cut = conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity"
                    " WHERE application_name = :app"
                ),
                {"app": RELAY_APPLICATION},
            ).scalars()
            assert list(cut) == [True]


@dataclass
class RelayThatRecordsItsBatches(OutboxRelay):
    """A relay that remembers each batch it published; its first batch waits for a partner's."""

    meeting: threading.Barrier | None = None
    batches: list[list[str]] = field(default_factory=list)

    def _publish(self, payloads: list[dict[str, object]]) -> None:
        if self.meeting is not None:
            # Both relays inside a batch at once: they can only have locked different rows.
            self.meeting.wait(timeout=10)
            self.meeting = None
        super()._publish(payloads)
        self.batches.append([str(payload["event_id"]) for payload in payloads])


def commit_with_event(sessions: sessionmaker[Session], event: EventEnvelope) -> None:
    with sessions() as session, session.begin():
        add_to_outbox(session, event)


def stream_event_ids(bus: redis.Redis, stream: str) -> list[str]:
    return [EventEnvelope.from_stream_fields(fields).event_id for _id, fields in bus.xrange(stream)]


def test_an_event_committed_with_its_change_is_published_by_the_relay(
    engine: sa.Engine, sessions: sessionmaker[Session], bus: redis.Redis, stream_settings: StreamSettings
) -> None:
    event = novo_evento()
    commit_with_event(sessions, event)

    published = OutboxRelay(engine, bus, stream_settings.stream).relay_batch()

    assert published == 1
    assert stream_event_ids(bus, stream_settings.stream) == [event.event_id]
    assert OutboxRelay(engine, bus, stream_settings.stream).pending_count() == 0


def test_a_rolled_back_transaction_publishes_nothing(
    engine: sa.Engine, sessions: sessionmaker[Session], bus: redis.Redis, stream_settings: StreamSettings
) -> None:
    with sessions() as session:
        session.begin()
        add_to_outbox(session, novo_evento())
        session.rollback()

    assert OutboxRelay(engine, bus, stream_settings.stream).relay_batch() == 0
    assert bus.xlen(stream_settings.stream) == 0


def test_events_committed_while_the_relay_is_down_are_published_when_it_returns(
    engine: sa.Engine, sessions: sessionmaker[Session], bus: redis.Redis, stream_settings: StreamSettings
) -> None:
    events = [novo_evento(n=n) for n in range(5)]
    for event in events:
        commit_with_event(sessions, event)

    OutboxRelay(engine, bus, stream_settings.stream).relay_batch()

    assert stream_event_ids(bus, stream_settings.stream) == [e.event_id for e in events]


def test_a_relay_crash_between_publish_and_commit_duplicates_but_the_consumer_applies_once(
    engine: sa.Engine, sessions: sessionmaker[Session], bus: redis.Redis, stream_settings: StreamSettings
) -> None:
    events = [novo_evento(n=n) for n in range(3)]
    for event in events:
        commit_with_event(sessions, event)
    with contextlib.suppress(SystemExit):
        RelayThatCrashesAfterPublishing(engine, bus, stream_settings.stream).relay_batch()
    OutboxRelay(engine, bus, stream_settings.stream).relay_batch()
    assert len(stream_event_ids(bus, stream_settings.stream)) == 6  # every event published twice

    dispatcher = TransactionalDispatcher(sessions, "teste", {"ProdutoCriado": registrar_efeito})
    consumer = StreamConsumer(bus, stream_settings, "teste", "c1", dispatcher)
    consumer.poll_once()

    assert efeitos_por_evento(engine) == {e.event_id: 1 for e in events}


def test_the_relay_keeps_rows_unpublished_while_the_bus_is_unreachable(
    engine: sa.Engine, sessions: sessionmaker[Session], stream_settings: StreamSettings
) -> None:
    commit_with_event(sessions, novo_evento())
    unreachable = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.5)
    relay = OutboxRelay(engine, unreachable, stream_settings.stream)

    assert relay.relay_batch() == 0
    assert relay.pending_count() == 1
    with engine.connect() as conn:
        attempts, error = conn.execute(sa.text("SELECT attempts, last_error FROM outbox")).one()
    assert attempts == 1
    assert error


def test_a_relay_whose_database_dies_after_xadd_publishes_the_rows_again_on_its_next_run(
    database_url: str,
    engine: sa.Engine,
    sessions: sessionmaker[Session],
    bus: redis.Redis,
    stream_settings: StreamSettings,
) -> None:
    events = [novo_evento(n=n) for n in range(3)]
    for event in events:
        commit_with_event(sessions, event)
    relay_engine = sa.create_engine(
        database_url, pool_pre_ping=True, connect_args={"application_name": RELAY_APPLICATION}
    )
    dying = RelayWhoseDatabaseDiesAfterPublishing(relay_engine, bus, stream_settings.stream, admin=engine)

    with pytest.raises(sa.exc.OperationalError):
        dying.relay_batch()
    assert stream_event_ids(bus, stream_settings.stream) == [e.event_id for e in events]
    assert OutboxRelay(engine, bus, stream_settings.stream).pending_count() == 3  # published, not marked

    assert OutboxRelay(relay_engine, bus, stream_settings.stream).relay_batch() == 3
    # Every event twice: a duplicate the consumers' inbox absorbs, never a loss.
    assert stream_event_ids(bus, stream_settings.stream) == [e.event_id for e in events] * 2
    assert OutboxRelay(engine, bus, stream_settings.stream).pending_count() == 0
    relay_engine.dispose()


def test_two_relays_at_once_publish_every_row_once_and_each_batch_in_outbox_order(
    engine: sa.Engine, sessions: sessionmaker[Session], bus: redis.Redis, stream_settings: StreamSettings
) -> None:
    events = [novo_evento(n=n) for n in range(60)]
    for event in events:
        commit_with_event(sessions, event)
    meeting = threading.Barrier(2)
    relays = [
        RelayThatRecordsItsBatches(engine, bus, stream_settings.stream, batch_size=7, meeting=meeting)
        for _ in range(2)
    ]

    def relay_until_empty(relay: OutboxRelay) -> None:
        while relay.relay_batch():
            pass

    with ThreadPoolExecutor(max_workers=2) as pool:
        for running in [pool.submit(relay_until_empty, relay) for relay in relays]:
            running.result()

    published = stream_event_ids(bus, stream_settings.stream)
    assert Counter(published) == Counter(e.event_id for e in events)  # every row, and only once
    in_outbox = {e.event_id: n for n, e in enumerate(events)}
    in_stream = {event_id: n for n, event_id in enumerate(published)}
    for relay in relays:
        assert relay.batches, "both relays took part"
        for batch in relay.batches:
            assert [in_outbox[i] for i in batch] == sorted(in_outbox[i] for i in batch)
            assert [in_stream[i] for i in batch] == sorted(in_stream[i] for i in batch)
    assert OutboxRelay(engine, bus, stream_settings.stream).pending_count() == 0
