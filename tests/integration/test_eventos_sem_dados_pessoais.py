"""The events store against a real PostgreSQL: no personal data stays, from before or from now on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import sessionmaker

import events
from confeitaria_shared.envelope import domain_event
from confeitaria_shared.migrations import alembic_config
from events.worker import armazenar

MIGRATIONS = Path(events.__file__).parent / "migrations"
ITENS = [{"produto_id": 1, "quantidade": 2}]
CLIENTE = {"nome": "Ana Souza", "email": "ana@example.com", "telefone": "11 99999-0000"}
ENTREGA = {"endereco": "Rua A, 1", "cep": "01000-000"}


@pytest.fixture
def engine(database_url: str) -> Iterator[sa.Engine]:
    engine = sa.create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE outbox, inbox"))  # the events migrations create their own
    yield engine
    engine.dispose()


def migrar(database_url: str, ate: str) -> None:
    command.upgrade(alembic_config(database_url, MIGRATIONS), ate)


def guardar_como_antes(
    engine: sa.Engine, posicao: int, tipo: str, pedido_id: str, dados: dict[str, Any]
) -> None:
    """An event row as the store kept it before: the payload exactly as it came from the bus."""
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO eventos (event_id, tipo, agregado_tipo, agregado_id, versao, ocorrido_em, "
                "produtor, dados) VALUES (gen_random_uuid(), :tipo, 'Pedido', :pedido, :versao, now(), "
                "'pedidos', :dados)"
            ).bindparams(sa.bindparam("dados", type_=JSONB)),
            {"tipo": tipo, "pedido": pedido_id, "versao": posicao, "dados": dados},
        )


def dados_guardados(engine: sa.Engine) -> dict[str, dict[str, Any]]:
    with engine.connect() as conn:
        return dict(conn.execute(sa.text("SELECT tipo, dados FROM eventos ORDER BY posicao")).all())


def test_the_migration_strips_personal_data_from_events_stored_before_and_keeps_the_rest(
    database_url: str, engine: sa.Engine
) -> None:
    migrar(database_url, "0003")
    criado = {
        "pedido_id": "p1",
        "itens": ITENS,
        "cliente": CLIENTE,
        "entrega": ENTREGA,
        "pagamento": {"metodo": "cartao", "cartao_final": "0002"},
    }
    guardar_como_antes(engine, 1, "PedidoCriado", "p1", criado)
    guardar_como_antes(engine, 2, "EntregaAlterada", "p1", {"pedido_id": "p1", "entrega": ENTREGA})
    guardar_como_antes(
        engine, 3, "PedidoConfirmado", "p1", {"pedido_id": "p1", "itens": ITENS, "total": "25.00"}
    )
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO pedidos_projetados VALUES "
                "('p1', 'CONFIRMADO', 25.00, 2, 'ana@example.com', NULL, 3, now(), now())"
            )
        )

    migrar(database_url, "head")

    assert dados_guardados(engine) == {
        "PedidoCriado": {"pedido_id": "p1", "itens": ITENS, "pagamento": {"metodo": "cartao"}},
        "EntregaAlterada": {"pedido_id": "p1"},
        "PedidoConfirmado": {"pedido_id": "p1", "itens": ITENS, "total": "25.00"},
    }
    with engine.connect() as conn:
        colunas = {coluna["name"] for coluna in sa.inspect(conn).get_columns("pedidos_projetados")}
        linha = conn.execute(sa.text("SELECT status, cliente_id FROM pedidos_projetados")).one()
    assert "cliente_email" not in colunas
    assert tuple(linha) == ("CONFIRMADO", None)


def test_an_event_that_still_carries_personal_data_is_stored_without_it(
    database_url: str, engine: sa.Engine
) -> None:
    # An outbox row written before the upgrade, or an old dead letter sent back, still carries it.
    migrar(database_url, "head")
    dados = {"itens": ITENS, "cliente": CLIENTE, "entrega": ENTREGA, "pagamento": {"metodo": "pix"}}
    antigo = domain_event(
        "PedidoCriado", "Pedido", "p2", {"pedido_id": "p2", **dados, "cliente_id": "c-7"}, "pedidos"
    )

    # As the worker stores a read: on the batch's session, which it commits.
    with sessionmaker(engine)() as session, session.begin():
        armazenar([antigo], session)

    assert dados_guardados(engine)["PedidoCriado"] == {
        "pedido_id": "p2",
        "itens": ITENS,
        "pagamento": {"metodo": "pix"},
        "cliente_id": "c-7",
    }
    with engine.connect() as conn:
        linha = conn.execute(sa.text("SELECT unidades, cliente_id FROM pedidos_projetados")).one()
    assert tuple(linha) == (2, "c-7")
