"""The stream consumer: once-only effects, dead letters, bad input, and taking over dead consumers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

import redis
from confeitaria_shared.config import StreamSettings
from confeitaria_shared.consumer import StreamConsumer
from confeitaria_shared.envelope import EventEnvelope
from confeitaria_shared.inbox import TransactionalDispatcher
from tests.integration.conftest import efeitos_por_evento, novo_evento, registrar_efeito
from tests.support.compose import REPO_ROOT
from tests.support.eventually import eventually


def envenenado(event: EventEnvelope, session: Session) -> None:
    raise ValueError(f"handler cannot apply {event.aggregate_id}")


def make_consumer(
    bus: redis.Redis, settings: StreamSettings, sessions: sessionmaker[Session], name: str = "c1"
) -> StreamConsumer:
    handlers = {"ProdutoCriado": registrar_efeito, "Veneno": envenenado}
    return StreamConsumer(bus, settings, "teste", name, TransactionalDispatcher(sessions, "teste", handlers))


def publish(bus: redis.Redis, settings: StreamSettings, *events: EventEnvelope) -> None:
    for event in events:
        bus.xadd(settings.stream, event.to_stream_fields())


def drain(consumer: StreamConsumer, until: object, timeout_s: float = 20.0) -> None:
    def step() -> bool:
        consumer.poll_once(block_ms=20)
        return bool(until())  # type: ignore[operator]

    eventually(step, timeout_s=timeout_s, interval_s=0.05)


def pending(bus: redis.Redis, settings: StreamSettings) -> int:
    return int(bus.xpending(settings.stream, "teste")["pending"])


def test_a_redelivered_event_takes_effect_once(
    engine: sa.Engine, sessions: sessionmaker[Session], bus: redis.Redis, stream_settings: StreamSettings
) -> None:
    event = novo_evento()
    publish(bus, stream_settings, event, event, event)

    consumer = make_consumer(bus, stream_settings, sessions)
    consumer.poll_once()

    assert efeitos_por_evento(engine) == {event.event_id: 1}
    assert pending(bus, stream_settings) == 0


def test_a_group_created_after_events_were_published_still_reads_them(
    engine: sa.Engine, sessions: sessionmaker[Session], bus: redis.Redis, stream_settings: StreamSettings
) -> None:
    events = [novo_evento(n=n) for n in range(4)]
    publish(bus, stream_settings, *events)

    make_consumer(bus, stream_settings, sessions).poll_once()

    assert efeitos_por_evento(engine) == {e.event_id: 1 for e in events}


def test_a_poison_event_ends_in_the_dead_letter_stream_and_the_others_are_applied(
    engine: sa.Engine, sessions: sessionmaker[Session], bus: redis.Redis, stream_settings: StreamSettings
) -> None:
    before, poison, after = novo_evento(n=1), novo_evento("Veneno", n=2), novo_evento(n=3)
    publish(bus, stream_settings, before, poison, after)
    consumer = make_consumer(bus, stream_settings, sessions)

    drain(consumer, lambda: bus.xlen(stream_settings.dead_letter_stream) == 1)

    assert efeitos_por_evento(engine) == {before.event_id: 1, after.event_id: 1}
    [(_id, letter)] = bus.xrange(stream_settings.dead_letter_stream)
    assert EventEnvelope.from_stream_fields(letter).event_id == poison.event_id
    assert letter["dlq_error"] == "ValueError: handler cannot apply 2"
    assert int(letter["dlq_deliveries"]) == stream_settings.max_deliveries
    assert pending(bus, stream_settings) == 0


def test_malformed_entries_go_to_the_dead_letters_without_stopping_the_consumer(
    engine: sa.Engine, sessions: sessionmaker[Session], bus: redis.Redis, stream_settings: StreamSettings
) -> None:
    bus.xadd(stream_settings.stream, {"evento": "isto não é JSON"})
    bus.xadd(stream_settings.stream, {"outro_campo": "x"})
    bus.xadd(stream_settings.stream, {"evento": '{"type": "SemId"}'})
    good = novo_evento()
    publish(bus, stream_settings, good)

    make_consumer(bus, stream_settings, sessions).poll_once()

    assert efeitos_por_evento(engine) == {good.event_id: 1}
    letters = bus.xrange(stream_settings.dead_letter_stream)
    assert len(letters) == 3
    assert all(fields["dlq_error"].startswith("malformed") for _id, fields in letters)
    assert pending(bus, stream_settings) == 0


def test_an_event_of_an_unknown_type_is_acknowledged_without_effect(
    engine: sa.Engine, sessions: sessionmaker[Session], bus: redis.Redis, stream_settings: StreamSettings
) -> None:
    publish(bus, stream_settings, novo_evento("TipoQueNinguemConhece"))

    make_consumer(bus, stream_settings, sessions).poll_once()

    assert efeitos_por_evento(engine) == {}
    assert pending(bus, stream_settings) == 0
    assert bus.xlen(stream_settings.dead_letter_stream) == 0


def test_a_killed_consumers_pending_entries_are_applied_by_another_once(
    engine: sa.Engine,
    database_url: str,
    sessions: sessionmaker[Session],
    bus: redis.Redis,
    stream_settings: StreamSettings,
) -> None:
    events = [novo_evento(n=n) for n in range(20)]
    publish(bus, stream_settings, *events)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "EVENT_BUS_URL": stream_settings.bus.url,
        "STREAM_NAME": stream_settings.stream,
        "HANG_AT": "10",
        "PYTHONPATH": f"{REPO_ROOT / 'microservices/shared'}:{REPO_ROOT}",
    }
    doomed = subprocess.Popen(
        [sys.executable, "-m", "tests.support.hanging_consumer"], env=env, cwd=REPO_ROOT
    )
    try:
        # It applies events 0..9, then hangs inside the handler of event 10. A read is acknowledged
        # at its end, so all 20 stay pending: 0..9 applied, their redelivery a no-op.
        eventually(lambda: len(efeitos_por_evento(engine)) == 10, what="the doomed consumer's first 10")
        eventually(lambda: pending(bus, stream_settings) == 20, what="its read pending on it")
    finally:
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=10)
    time.sleep(stream_settings.claim_idle_ms / 1000)

    survivor = make_consumer(bus, stream_settings, sessions, name="sobrevivente")
    drain(survivor, lambda: pending(bus, stream_settings) == 0)

    assert efeitos_por_evento(engine) == {e.event_id: 1 for e in events}


def test_consumers_of_restarted_processes_leave_the_group_once_idle_with_nothing_pending(
    sessions: sessionmaker[Session], bus: redis.Redis, stream_settings: StreamSettings
) -> None:
    publish(bus, stream_settings, novo_evento())
    departed = make_consumer(bus, stream_settings, sessions, name="processo-antigo")
    departed.poll_once()
    current = make_consumer(bus, stream_settings, sessions, name="processo-atual")
    current.poll_once()

    assert current.forget_departed_consumers(idle_ms=0) == ["processo-antigo"]
    names = [info["name"] for info in bus.xinfo_consumers(stream_settings.stream, "teste")]
    assert "processo-antigo" not in names
