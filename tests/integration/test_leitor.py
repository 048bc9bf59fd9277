"""The catalog's reader on a real PostgreSQL: connections the server dropped are retried, not failed."""

from __future__ import annotations

import sqlalchemy as sa

from catalogo.adaptadores.leitura import Leitor
from confeitaria_shared.stores import create_reader_engine
from tests.support.docker import PostgresServer


def _derrubar_as_outras_conexoes(url: str, banco: str) -> int:
    """Terminate every backend of `banco` (what a database restart does to a pool); a role may end its own."""
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        return len(
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = :banco AND pid <> pg_backend_pid()"
                ),
                {"banco": banco},
            ).all()
        )


def _backend(leitor: Leitor) -> int:
    linha = leitor.linha("SELECT pg_backend_pid() AS pid", {})
    assert linha is not None
    return int(linha["pid"])


def test_a_read_on_a_pooled_connection_the_server_dropped_is_answered_by_a_new_one(
    database_url: str, postgres: PostgresServer
) -> None:
    engine = create_reader_engine(database_url)
    leitor = Leitor(engine)
    try:
        antes = _backend(leitor)
        assert _derrubar_as_outras_conexoes(postgres.url("teste"), database_url.rsplit("/", 1)[1]) == 1

        depois = _backend(leitor)

        assert depois != antes
    finally:
        engine.dispose()


def test_reads_run_without_an_open_transaction_left_behind(database_url: str) -> None:
    engine = create_reader_engine(database_url)
    leitor = Leitor(engine)
    try:
        # Autocommit: no BEGIN before the statement (so no ROLLBACK after it): the transaction
        # is the statement itself and starts when it does.
        em_transacao = leitor.ler_na_conexao(
            lambda conexao, _: conexao.exec_driver_sql("SELECT now() = statement_timestamp()").scalar_one()
        )
        assert em_transacao is True
    finally:
        engine.dispose()


def test_the_reader_tells_of_each_read_whether_the_standby_answered_it(
    database_url: str, postgres: PostgresServer
) -> None:
    primario = create_reader_engine(database_url)
    # An unreachable primary (nothing listens on port 1): the same database answers as the standby.
    fora = create_reader_engine(database_url.replace(f":{postgres.container.port}/", ":1/"))
    lidas: list[bool] = []
    try:
        Leitor(primario, ao_ler=lidas.append).linha("SELECT 1", {})
        Leitor(fora, replica=primario, ao_ler=lidas.append).linha("SELECT 1", {})

        assert lidas == [False, True]
    finally:
        primario.dispose()
        fora.dispose()
