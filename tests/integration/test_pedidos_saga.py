"""The orders saga's database side against a real PostgreSQL: stuck orders, versions, idempotency."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

import pedidos
from confeitaria_shared.errors import ApiError
from confeitaria_shared.migrations import upgrade_to_head
from pedidos.handlers import expirar_pendentes
from pedidos.pagamentos import ProvedorSimulado
from pedidos.repositorio import anexar, carregar
from pedidos.servicos import criar_pedido

MIGRATIONS = Path(pedidos.__file__).parent / "migrations"
DADOS = {
    "itens": [{"produto_id": 1, "quantidade": 1}],
    "cliente": {"nome": "Ana", "email": "ana@example.com", "telefone": "11 99999-0000"},
    "entrega": {"endereco": "Rua A, 1"},
    "pagamento": {"metodo": "pix"},
}


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    engine = sa.create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE outbox, inbox"))  # the orders migration creates its own
    upgrade_to_head(database_url, MIGRATIONS)
    yield sessionmaker(engine)
    engine.dispose()


def test_an_order_stuck_pendente_past_the_timeout_is_cancelled_as_expirado(
    sessions: sessionmaker[Session], engine: sa.Engine
) -> None:
    with sessions() as session:
        criar_pedido(session, DADOS, "chave-1", "hash-1")
    with sessions() as session, session.begin():
        session.execute(sa.text("UPDATE pedidos SET criado_em = now() - interval '10 minutes'"))

    with sessions() as session, session.begin():
        assert expirar_pendentes(session, 120, ProvedorSimulado(engine)) == 1

    with sessions() as session:
        status, motivo = session.execute(sa.text("SELECT status, motivo_cancelamento FROM pedidos")).one()
        publicados = session.execute(sa.text("SELECT event_type FROM outbox ORDER BY id")).scalars().all()
    assert (status, motivo) == ("CANCELADO", "EXPIRADO")
    assert publicados == ["PedidoCriado", "PedidoCancelado"]


def test_two_writers_cannot_both_append_the_same_version(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        pedido_id, _ = criar_pedido(session, DADOS, "chave-2", "hash-2")
    with sessions() as a, sessions() as b:
        pedido_a = carregar(a, pedido_id, travar=False)
        pedido_b = carregar(b, pedido_id, travar=False)
        assert pedido_a is not None and pedido_b is not None
        anexar(a, pedido_a, "PedidoCancelado", {"motivo": "CANCELADO_PELO_CLIENTE"})
        anexar(b, pedido_b, "EntregaAlterada", {"entrega": {"endereco": "Outra"}})
        a.commit()
        with pytest.raises(IntegrityError):
            b.commit()


def test_concurrent_requests_with_one_key_create_one_order(sessions: sessionmaker[Session]) -> None:
    ids: list[str] = []
    barreira = threading.Barrier(5)

    def criar() -> None:
        barreira.wait()
        with sessions() as session:
            ids.append(criar_pedido(session, DADOS, "chave-3", "hash-3")[0])

    threads = [threading.Thread(target=criar) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert len(set(ids)) == 1
    with sessions() as session:
        assert session.execute(sa.text("SELECT count(*) FROM pedidos")).scalar_one() == 1


def test_the_same_key_with_another_body_is_refused(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        criar_pedido(session, DADOS, "chave-4", "hash-4")

    with sessions() as session, pytest.raises(ApiError) as caught:
        criar_pedido(session, DADOS, "chave-4", "outro-hash")

    assert caught.value.code == "IDEMPOTENCY_KEY_REUTILIZADA"
