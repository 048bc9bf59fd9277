"""The transactional outbox and its relay, against real PostgreSQL and Redis."""

from __future__ import annotations

import contextlib

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
