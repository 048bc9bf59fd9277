"""The orders service against a real PostgreSQL: its own store keeps the customer, its outbox does not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

import pedidos
from confeitaria_shared.migrations import upgrade_to_head
from pedidos.adaptadores.unidade import UnidadeSqlDePedidos
from pedidos.servicos.pedidos import alterar_entrega, criar_pedido
from tests.support.fakes_pedidos import CatalogoFake

MIGRATIONS = Path(pedidos.__file__).parent / "migrations"
CLIENTE = {"nome": "Ana Souza", "email": "ana@example.com", "telefone": "11 99999-0000"}
DADOS = {
    "itens": [{"produto_id": 1, "quantidade": 2}],
    "cliente": CLIENTE,
    "entrega": {"endereco": "Rua A, 1", "cep": "01000-000"},
    "pagamento": {"metodo": "cartao", "cartao_final": "0002"},
}


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    engine = sa.create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE outbox, inbox"))  # the orders migration creates its own
    upgrade_to_head(database_url, MIGRATIONS)
    yield sessionmaker(engine)
    engine.dispose()


def criar(sessions: sessionmaker[Session], chave: str) -> str:
    """Check out as the API does, in a unit of work of its own (the catalog not answering)."""
    with sessions() as session, UnidadeSqlDePedidos(lambda: session) as uow:
        return criar_pedido(uow, CatalogoFake(), DADOS, chave, "hash")[0]


def publicados(session: Session) -> dict[str, dict[str, Any]]:
    linhas = session.execute(sa.text("SELECT event_type, payload FROM outbox ORDER BY id")).all()
    return {tipo: payload["data"] for tipo, payload in linhas}


def guardados(session: Session) -> dict[str, dict[str, Any]]:
    linhas = session.execute(sa.text("SELECT tipo, dados FROM eventos_pedido ORDER BY versao")).all()
    return {tipo: dados for tipo, dados in linhas}


def test_a_new_order_is_published_without_the_customer_address_or_card_digits(
    sessions: sessionmaker[Session],
) -> None:
    pedido_id = criar(sessions, "chave-1")

    with sessions() as session:
        publicado, guardado = publicados(session)["PedidoCriado"], guardados(session)["PedidoCriado"]
    assert publicado == {"pedido_id": pedido_id, "itens": DADOS["itens"], "pagamento": {"metodo": "cartao"}}
    assert guardado["cliente"] == CLIENTE and guardado["entrega"] == DADOS["entrega"]
    assert guardado["pagamento"]["cartao_final"] == "0002"


def test_a_delivery_change_is_published_without_the_new_address(sessions: sessionmaker[Session]) -> None:
    pedido_id = criar(sessions, "chave-2")
    with sessions() as session, UnidadeSqlDePedidos(lambda: session) as uow:
        alterar_entrega(uow, pedido_id, {"endereco": "Rua Nova, 99"})

    with sessions() as session:
        assert publicados(session)["EntregaAlterada"] == {"pedido_id": pedido_id}
        assert guardados(session)["EntregaAlterada"]["entrega"] == {"endereco": "Rua Nova, 99"}
        entrega = session.execute(sa.text("SELECT entrega FROM pedidos WHERE id = :id"), {"id": pedido_id})
        assert entrega.scalar() == {"endereco": "Rua Nova, 99"}  # the read model has the address


def test_the_published_and_the_stored_event_are_one_event(sessions: sessionmaker[Session]) -> None:
    criar(sessions, "chave-3")

    with sessions() as session:
        publicado = session.execute(sa.text("SELECT event_id FROM outbox")).scalar()
        guardado = session.execute(sa.text("SELECT event_id FROM eventos_pedido")).scalar()
    assert str(publicado) == str(guardado)
