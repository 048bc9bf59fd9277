"""Real PostgreSQL and Redis servers (the project's own images) for the event machinery tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

import pedidos
import redis
from catalogo.boot import MIGRATIONS as MIGRACOES_DO_CATALOGO
from catalogo.seed import load_seed
from confeitaria_shared.config import StreamSettings
from confeitaria_shared.envelope import EventEnvelope
from confeitaria_shared.migrations import upgrade_to_head
from confeitaria_shared.sentinela import RedisTarget
from confeitaria_shared.tables import create_messaging_tables
from tests.support.docker import Container, PostgresServer, build_store_images, postgres_server, redis_server

pytestmark = pytest.mark.integration
MIGRACOES_DOS_PEDIDOS = Path(pedidos.__file__).parent / "migrations"


@pytest.fixture(scope="session", autouse=True)
def imagens_dos_armazens() -> None:
    """The PostgreSQL and Redis images built from this checkout before any test starts a store."""
    build_store_images()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    with postgres_server() as server:
        yield server


@pytest.fixture(scope="session")
def redis_container() -> Iterator[tuple[str, Container]]:
    with redis_server() as server:
        yield server


def nova_base(postgres: PostgresServer) -> str:
    """A new database (the app role's), holding the outbox, the inbox and a table of effects."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    postgres.create_database(name)
    url = postgres.url(name)
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        create_messaging_tables(conn)
        # Deliberately not unique: a second application of an event would show as a second row.
        conn.execute(sa.text("CREATE TABLE efeitos (event_id uuid NOT NULL, tipo text NOT NULL)"))
    engine.dispose()
    return url


@pytest.fixture
def database_url(postgres: PostgresServer) -> str:
    """A new database per test."""
    return nova_base(postgres)


@pytest.fixture
def segunda_database_url(postgres: PostgresServer) -> str:
    """Another new database, for a test with two services' stores."""
    return nova_base(postgres)


def migrar_catalogo(database_url: str) -> sa.Engine:
    """The catalog's schema at head with the seed loaded (Bolo de Chocolate, id 1, has 10 units)."""
    engine = sa.create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE outbox, inbox"))  # the catalog's own migration creates them
    upgrade_to_head(database_url, MIGRACOES_DO_CATALOGO)
    with Session(engine) as session, session.begin():
        load_seed(session)
    return engine


def migrar_pedidos(database_url: str) -> sa.Engine:
    """The orders service's schema at head."""
    engine = sa.create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE outbox, inbox"))  # the orders migration creates its own
    upgrade_to_head(database_url, MIGRACOES_DOS_PEDIDOS)
    return engine


@pytest.fixture
def engine(database_url: str) -> Iterator[sa.Engine]:
    engine = sa.create_engine(database_url, pool_pre_ping=True)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: sa.Engine) -> sessionmaker[Session]:
    return sessionmaker(engine)


@pytest.fixture
def bus(redis_container: tuple[str, Container]) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_container[0], decode_responses=True)
    yield client
    client.close()


@pytest.fixture
def stream_settings(redis_container: tuple[str, Container]) -> StreamSettings:
    """A stream of this test's own, with short timings so retries happen within the test."""
    name = f"teste.{uuid.uuid4().hex[:10]}"
    return StreamSettings(
        bus=RedisTarget(redis_container[0]),
        stream=name,
        dead_letter_stream=f"{name}.dlq",
        max_deliveries=3,
        claim_idle_ms=300,
        block_ms=50,
        batch_size=50,
    )


def registrar_efeito(event: EventEnvelope, session: Session) -> None:
    """A test effect: one row per application of an event."""
    session.execute(
        sa.text("INSERT INTO efeitos (event_id, tipo) VALUES (:id, :tipo)"),
        {"id": event.event_id, "tipo": event.type},
    )


def efeitos_por_evento(engine: sa.Engine) -> dict[str, int]:
    """How many times each event took effect."""
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT event_id::text, count(*) FROM efeitos GROUP BY event_id")).all()
    return {event_id: count for event_id, count in rows}


def novo_evento(tipo: str = "ProdutoCriado", n: int = 1) -> EventEnvelope:
    """A valid event for tests."""
    return EventEnvelope(
        type=tipo, aggregate_type="Produto", aggregate_id=str(n), data={"n": n}, producer="teste"
    )
