"""A relay counts a batch published only once the bus's replica has it: real master, real replica."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

import redis
from carrinho.adaptadores import chaves
from carrinho.adaptadores.relay_local import relay_local
from confeitaria_shared.envelope import EventEnvelope
from confeitaria_shared.outbox import OutboxRelay, add_to_outbox
from confeitaria_shared.replicacao import ReplicaNaoConfirmou
from tests.integration.conftest import novo_evento
from tests.support.docker import REDIS_SENHAS, Container, docker, redis_server, wait_for

STREAM = "confeitaria.eventos"


def _endereco_interno(container: Container) -> str:
    return docker("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", container.id)


@pytest.fixture(scope="module")
def par() -> Iterator[tuple[redis.Redis, redis.Redis, Container]]:
    """A master and its replica (replicating as the admin user); both clients and the replica container."""
    with redis_server() as (url_mestre, mestre), redis_server() as (url_replica, replica):
        cliente_mestre = redis.Redis.from_url(url_mestre, decode_responses=True)
        cliente_replica = redis.Redis.from_url(url_replica, decode_responses=True)
        cliente_replica.config_set("masteruser", "admin")
        cliente_replica.config_set("masterauth", REDIS_SENHAS["REDIS_PASSWORD_ADMIN"])
        cliente_replica.replicaof(_endereco_interno(mestre), 6379)

        def replica_em_linha() -> None:
            assert cliente_mestre.info("replication").get("slave0", {}).get("state") == "online"

        wait_for("replica", replica_em_linha)
        yield cliente_mestre, cliente_replica, replica


@pytest.fixture
def pausada(par: tuple[redis.Redis, redis.Redis, Container]) -> Iterator[None]:
    """The replica frozen (connected, acknowledging nothing) for the test's length."""
    docker("pause", par[2].id)
    try:
        yield
    finally:
        docker("unpause", par[2].id)


def _relay(engine: sa.Engine, bus: redis.Redis, replicas: int = 1) -> OutboxRelay:
    """The outbox relay as under Sentinel (one replica must have each batch), unless told otherwise."""
    return OutboxRelay(engine, bus, STREAM, replicas=replicas)


def _ids_no_stream(cliente: redis.Redis) -> list[str]:
    return [EventEnvelope.from_stream_fields(campos).event_id for _id, campos in cliente.xrange(STREAM)]


def test_the_relay_marks_a_batch_published_once_the_replica_has_it(
    par: tuple[redis.Redis, redis.Redis, Container], engine: sa.Engine, sessions: sessionmaker[Session]
) -> None:
    mestre, replica, _ = par
    evento = novo_evento()
    with sessions() as session, session.begin():
        add_to_outbox(session, evento)

    relay = _relay(engine, mestre)

    assert relay.relay_batch() == 1
    assert relay.pending_count() == 0
    assert evento.event_id in _ids_no_stream(replica)


@pytest.mark.usefixtures("pausada")
def test_the_relay_does_not_mark_a_batch_the_replica_did_not_acknowledge(
    par: tuple[redis.Redis, redis.Redis, Container], engine: sa.Engine, sessions: sessionmaker[Session]
) -> None:
    mestre, _, _ = par
    evento = novo_evento()
    with sessions() as session, session.begin():
        add_to_outbox(session, evento)
    relay = _relay(engine, mestre)

    assert relay.relay_batch() == 0

    assert relay.bus_failed
    assert relay.pending_count() == 1
    with engine.connect() as conn:
        assert (
            "no replica acknowledged" in conn.execute(sa.text("SELECT last_error FROM outbox")).scalar_one()
        )


def test_a_batch_the_replica_missed_goes_again_once_it_is_back(
    par: tuple[redis.Redis, redis.Redis, Container], engine: sa.Engine, sessions: sessionmaker[Session]
) -> None:
    mestre, replica, container = par
    evento = novo_evento()
    with sessions() as session, session.begin():
        add_to_outbox(session, evento)
    relay = _relay(engine, mestre)
    docker("pause", container.id)
    try:
        assert relay.relay_batch() == 0
    finally:
        docker("unpause", container.id)

    assert relay.relay_batch() == 1

    assert relay.pending_count() == 0
    # Twice in the stream (the first XADD did reach the master): the consumers' inbox takes it once.
    assert _ids_no_stream(replica).count(evento.event_id) == 2


@pytest.mark.usefixtures("pausada")
def test_the_carts_relay_keeps_events_the_replica_did_not_acknowledge(
    par: tuple[redis.Redis, redis.Redis, Container], bus: redis.Redis
) -> None:
    mestre, _, _ = par
    cache = bus  # a Redis of its own as the cart's, the pair's master as the bus
    cache.delete(chaves.EVENTOS_LOCAIS)
    cache.xadd(chaves.EVENTOS_LOCAIS, {"evento": novo_evento().to_json()})

    with pytest.raises(ReplicaNaoConfirmou):
        relay_local(cache, mestre, "teste.carrinho", replicas=1)

    assert cache.xlen(chaves.EVENTOS_LOCAIS) == 1


def test_in_the_default_topology_a_bus_without_a_replica_is_not_waited_for(
    bus: redis.Redis, engine: sa.Engine, sessions: sessionmaker[Session]
) -> None:
    with sessions() as session, session.begin():
        add_to_outbox(session, novo_evento())
    relay = _relay(engine, bus, replicas=0)

    inicio = time.monotonic()
    assert relay.relay_batch() == 1

    assert time.monotonic() - inicio < 0.5


def test_under_sentinel_a_master_without_a_replica_gets_the_batch_but_not_the_mark(
    bus: redis.Redis, engine: sa.Engine, sessions: sessionmaker[Session]
) -> None:
    with sessions() as session, session.begin():
        add_to_outbox(session, novo_evento())
    relay = _relay(engine, bus)

    assert relay.relay_batch() == 0

    assert relay.bus_failed
    assert relay.pending_count() == 1
