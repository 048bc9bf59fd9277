"""A worker's consumer applies each read in one transaction with one inbox insert, against real stores."""

from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

import redis
from confeitaria_shared.config import StreamSettings
from confeitaria_shared.consumer import StreamConsumer
from confeitaria_shared.envelope import EventEnvelope
from confeitaria_shared.inbox import TransactionalDispatcher
from tests.integration.conftest import efeitos_por_evento, novo_evento, registrar_efeito
from tests.support.eventually import eventually


def envenenado(event: EventEnvelope, session: Session) -> None:
    raise ValueError(f"handler cannot apply {event.aggregate_id}")


def consumidor(bus: redis.Redis, settings: StreamSettings, sessions: sessionmaker[Session]) -> StreamConsumer:
    """A consumer wired as serve_worker wires it: reads applied in batches through the inbox."""
    handlers = {"ProdutoCriado": registrar_efeito, "Veneno": envenenado}
    despachante = TransactionalDispatcher(sessions, "teste", handlers)
    return StreamConsumer(bus, settings, "teste", "c1", despachante, handle_batch=despachante.batch)


def publicar(bus: redis.Redis, settings: StreamSettings, *eventos: EventEnvelope) -> None:
    for evento in eventos:
        bus.xadd(settings.stream, evento.to_stream_fields())


def pendentes(bus: redis.Redis, settings: StreamSettings) -> int:
    return int(bus.xpending(settings.stream, "teste")["pending"])


def transacoes_da_inbox(engine: sa.Engine) -> int:
    """How many transactions wrote the inbox (handled_at is the transaction's start time)."""
    with engine.connect() as conn:
        return int(conn.execute(sa.text("SELECT count(DISTINCT handled_at) FROM inbox")).scalar_one())


def test_a_read_is_applied_in_one_transaction_and_types_without_a_handler_leave_no_inbox_row(
    engine: sa.Engine, sessions: sessionmaker[Session], bus: redis.Redis, stream_settings: StreamSettings
) -> None:
    eventos = [novo_evento(n=n) for n in range(20)]
    alheios = [novo_evento("EstoqueVendido", n=n) for n in range(5)]
    publicar(bus, stream_settings, *eventos[:10], *alheios, *eventos[10:])

    consumidor(bus, stream_settings, sessions).poll_once()

    assert efeitos_por_evento(engine) == {e.event_id: 1 for e in eventos}
    assert transacoes_da_inbox(engine) == 1
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM inbox")).scalar_one() == 20
    assert pendentes(bus, stream_settings) == 0


def test_events_repeated_in_one_read_or_already_in_the_inbox_take_effect_once(
    engine: sa.Engine, sessions: sessionmaker[Session], bus: redis.Redis, stream_settings: StreamSettings
) -> None:
    antigo, novo = novo_evento(n=1), novo_evento(n=2)
    publicar(bus, stream_settings, antigo)
    consumidor(bus, stream_settings, sessions).poll_once()
    # The same events again, one of them spelled in capitals (a valid uuid all the same).
    maiusculo = replace(novo, event_id=novo.event_id.upper())
    publicar(bus, stream_settings, antigo, novo, novo, maiusculo, antigo)

    consumidor(bus, stream_settings, sessions).poll_once()

    assert efeitos_por_evento(engine) == {antigo.event_id: 1, novo.event_id: 1}
    assert pendentes(bus, stream_settings) == 0


def test_a_failing_event_rolls_back_its_batch_the_others_are_applied_alone_and_it_reaches_the_dead_letters(
    engine: sa.Engine, sessions: sessionmaker[Session], bus: redis.Redis, stream_settings: StreamSettings
) -> None:
    bons = [novo_evento(n=n) for n in range(6)]
    veneno = novo_evento("Veneno", n=99)
    publicar(bus, stream_settings, *bons[:3], veneno, *bons[3:])
    leitor = consumidor(bus, stream_settings, sessions)

    leitor.poll_once()

    assert efeitos_por_evento(engine) == {e.event_id: 1 for e in bons}
    assert pendentes(bus, stream_settings) == 1

    def na_fila_de_mortos() -> bool:
        leitor.poll_once(block_ms=20)
        return bool(bus.xlen(stream_settings.dead_letter_stream))

    eventually(na_fila_de_mortos, timeout_s=20, interval_s=0.1)
    [(_id, carta)] = bus.xrange(stream_settings.dead_letter_stream)
    assert EventEnvelope.from_stream_fields(carta).event_id == veneno.event_id
    assert carta["dlq_error"] == "ValueError: handler cannot apply 99"
    assert pendentes(bus, stream_settings) == 0
    assert efeitos_por_evento(engine) == {e.event_id: 1 for e in bons}
