"""Batched consumption and stream trimming against a real Redis and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

import redis
from confeitaria_shared.config import StreamSettings
from confeitaria_shared.consumer import StreamConsumer, ensure_group
from confeitaria_shared.envelope import EventEnvelope
from confeitaria_shared.inbox import BatchDispatcher
from confeitaria_shared.trimming import trim_acknowledged
from tests.integration.conftest import efeitos_por_evento, novo_evento, registrar_efeito
from tests.support.eventually import eventually


def consumidor_em_lotes(
    bus: redis.Redis, settings: StreamSettings, sessions: sessionmaker[Session], lotes: list[int]
) -> StreamConsumer:
    def aplicar(eventos: Sequence[EventEnvelope], session: Session) -> None:
        lotes.append(len(eventos))
        for evento in eventos:
            if evento.type == "Veneno":
                raise ValueError("cannot apply a poison event")
            registrar_efeito(evento, session)

    despachante = BatchDispatcher(sessions, aplicar)
    return StreamConsumer(bus, settings, "teste", "c1", despachante, handle_batch=despachante.batch)


def publicar(bus: redis.Redis, settings: StreamSettings, eventos: list[EventEnvelope]) -> list[str]:
    return [bus.xadd(settings.stream, evento.to_stream_fields()) for evento in eventos]


def test_one_read_is_applied_in_one_transaction_and_acknowledged_at_once(
    engine: sa.Engine, sessions: sessionmaker[Session], bus: redis.Redis, stream_settings: StreamSettings
) -> None:
    eventos = [novo_evento(n=n) for n in range(30)]
    publicar(bus, stream_settings, eventos)
    lotes: list[int] = []

    consumidor_em_lotes(bus, stream_settings, sessions, lotes).poll_once()

    assert lotes == [30]
    assert efeitos_por_evento(engine) == {e.event_id: 1 for e in eventos}
    assert bus.xpending(stream_settings.stream, "teste")["pending"] == 0


def test_a_poison_event_in_a_batch_does_not_hold_back_the_others_and_ends_in_the_dead_letters(
    engine: sa.Engine, sessions: sessionmaker[Session], bus: redis.Redis, stream_settings: StreamSettings
) -> None:
    bons = [novo_evento(n=n) for n in range(5)]
    veneno = novo_evento("Veneno", 99)
    publicar(bus, stream_settings, [*bons[:2], veneno, *bons[2:]])
    consumidor = consumidor_em_lotes(bus, stream_settings, sessions, [])

    consumidor.poll_once()

    assert efeitos_por_evento(engine) == {e.event_id: 1 for e in bons}

    def no_dead_letter() -> bool:
        consumidor.poll_once(block_ms=20)
        return bool(bus.xlen(stream_settings.dead_letter_stream))

    eventually(no_dead_letter, timeout_s=20, interval_s=0.1)
    carta = bus.xrange(stream_settings.dead_letter_stream)[0][1]
    assert "cannot apply a poison event" in carta["dlq_error"]
    assert efeitos_por_evento(engine) == {e.event_id: 1 for e in bons}


def test_trimming_keeps_every_entry_a_group_has_pending_or_not_yet_read(
    bus: redis.Redis, stream_settings: StreamSettings
) -> None:
    stream = stream_settings.stream
    ids = publicar(bus, stream_settings, [novo_evento(n=n) for n in range(10)])
    for grupo in ("rapido", "lento"):
        ensure_group(bus, stream, grupo)
    rapido = bus.xreadgroup("rapido", "r", {stream: ">"}, count=100)[0][1]
    bus.xack(stream, "rapido", *[entry_id for entry_id, _ in rapido])
    lento = bus.xreadgroup("lento", "l", {stream: ">"}, count=6)[0][1]
    bus.xack(stream, "lento", lento[0][0], lento[1][0], lento[3][0])  # ids[2], ids[4], ids[5] stay pending

    poda = trim_acknowledged(bus, stream)

    assert poda.minid == ids[2]
    assert [entry_id for entry_id, _ in bus.xrange(stream)] == ids[2:]

    bus.xack(stream, "lento", ids[2], ids[4], ids[5])
    trim_acknowledged(bus, stream)
    assert [entry_id for entry_id, _ in bus.xrange(stream)] == ids[6:]  # read by nobody in "lento" yet

    restantes = bus.xreadgroup("lento", "l", {stream: ">"}, count=100)[0][1]
    bus.xack(stream, "lento", *[entry_id for entry_id, _ in restantes])
    assert trim_acknowledged(bus, stream).removed == 4
    assert bus.xlen(stream) == 0


def test_a_stream_nobody_reads_yet_is_not_trimmed(bus: redis.Redis, stream_settings: StreamSettings) -> None:
    publicar(bus, stream_settings, [novo_evento(n=n) for n in range(3)])

    assert trim_acknowledged(bus, stream_settings.stream).removed == 0
    assert bus.xlen(stream_settings.stream) == 3
