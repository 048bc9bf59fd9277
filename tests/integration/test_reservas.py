"""The catalog's part of the checkout saga, against a real PostgreSQL with the catalog's schema."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from catalogo.adaptadores.unidade import UnidadeDoCatalogoSql
from catalogo.dominio.reservas import ItensInvalidosError
from catalogo.servicos.reservas import cancelar_reserva, confirmar_venda, expirar_reservas, reservar_pedido
from confeitaria_shared.envelope import EventEnvelope
from tests.integration.conftest import migrar_catalogo
from tests.support.eventos import do_pedido


@pytest.fixture
def catalogo(database_url: str) -> Iterator[sessionmaker[Session]]:
    """A catalog database at head with the seed loaded (Bolo de Chocolate has 10 units)."""
    engine = migrar_catalogo(database_url)
    yield sessionmaker(engine)
    engine.dispose()


def pedido_criado(pedido_id: str, *itens: tuple[int, int]) -> EventEnvelope:
    return do_pedido("PedidoCriado", pedido_id, itens=[{"produto_id": p, "quantidade": q} for p, q in itens])


def aplicar(sessions: sessionmaker[Session], handler: Any, event: EventEnvelope, **kwargs: Any) -> None:
    """Apply a use case as the worker does: on a unit lent a session whose transaction the caller ends."""
    with sessions() as session, session.begin(), UnidadeDoCatalogoSql.sobre(session) as uow:
        handler(event, uow, **kwargs)


def expirar(sessions: sessionmaker[Session]) -> int:
    """Make every reservation overdue, then run the periodic expiry as the worker does."""
    with sessions() as session, session.begin():
        session.execute(sa.text("UPDATE reservas SET expira_em = now() - interval '1 second'"))
    with UnidadeDoCatalogoSql(sessions) as uow:
        return expirar_reservas(uow)


def estoque(sessions: sessionmaker[Session], produto_id: int) -> int:
    with sessions() as session:
        return int(
            session.execute(
                sa.text("SELECT estoque FROM produtos WHERE id = :id"), {"id": produto_id}
            ).scalar_one()
        )


def eventos(sessions: sessionmaker[Session], pedido_id: str) -> list[tuple[str, dict[str, Any]]]:
    with sessions() as session:
        rows = session.execute(
            sa.text("SELECT event_type, payload FROM outbox WHERE aggregate_id = :p ORDER BY id"),
            {"p": pedido_id},
        ).all()
    return [(row[0], row[1]["data"]) for row in rows]


def movimentos(sessions: sessionmaker[Session], pedido_id: str) -> list[tuple[int, int, str]]:
    with sessions() as session:
        rows = session.execute(
            sa.text(
                "SELECT produto_id, delta, motivo FROM movimentos_estoque WHERE pedido_id = :p ORDER BY id"
            ),
            {"p": pedido_id},
        ).all()
    return [(r[0], r[1], r[2]) for r in rows]


def test_an_order_reserves_all_its_items_and_says_so(catalogo: sessionmaker[Session]) -> None:
    aplicar(catalogo, reservar_pedido, pedido_criado("p1", (1, 2), (7, 5)), ttl_s=60)

    assert estoque(catalogo, 1) == 8
    assert estoque(catalogo, 7) == 115
    [(tipo, dados)] = eventos(catalogo, "p1")
    assert tipo == "EstoqueReservado"
    assert [(i["produto_id"], i["quantidade"], i["preco_unitario"]) for i in dados["itens"]] == [
        (1, 2, "45.90"),
        (7, 5, "4.50"),
    ]
    assert movimentos(catalogo, "p1") == [(1, -2, "reserva"), (7, -5, "reserva")]


def test_an_order_with_one_missing_item_reserves_nothing_and_lists_what_is_missing(
    catalogo: sessionmaker[Session],
) -> None:
    aplicar(catalogo, reservar_pedido, pedido_criado("p2", (1, 2), (3, 50)), ttl_s=60)

    assert estoque(catalogo, 1) == 10
    assert estoque(catalogo, 3) == 6
    [(tipo, dados)] = eventos(catalogo, "p2")
    assert tipo == "EstoqueInsuficiente"
    assert dados["faltando"] == [{"produto_id": 3, "solicitado": 50, "disponivel": 6}]
    assert movimentos(catalogo, "p2") == []


def test_a_repeated_order_is_reserved_once(catalogo: sessionmaker[Session]) -> None:
    aplicar(catalogo, reservar_pedido, pedido_criado("p3", (1, 4)), ttl_s=60)
    aplicar(catalogo, reservar_pedido, pedido_criado("p3", (1, 4)), ttl_s=60)  # another event, same order

    assert estoque(catalogo, 1) == 6
    assert [tipo for tipo, _ in eventos(catalogo, "p3")] == ["EstoqueReservado"]


def test_duplicate_lines_of_one_product_are_reserved_as_their_sum(catalogo: sessionmaker[Session]) -> None:
    aplicar(catalogo, reservar_pedido, pedido_criado("p4", (1, 6), (1, 6)), ttl_s=60)

    assert estoque(catalogo, 1) == 10
    assert eventos(catalogo, "p4")[0][1]["faltando"] == [
        {"produto_id": 1, "solicitado": 12, "disponivel": 10}
    ]


def test_an_inactive_or_unknown_product_cannot_be_reserved(catalogo: sessionmaker[Session]) -> None:
    with catalogo() as session, session.begin():
        session.execute(sa.text("UPDATE produtos SET ativo = false WHERE id = 2"))

    aplicar(catalogo, reservar_pedido, pedido_criado("p5", (2, 1), (99999, 1)), ttl_s=60)

    faltando = eventos(catalogo, "p5")[0][1]["faltando"]
    assert faltando == [
        {"produto_id": 2, "solicitado": 1, "disponivel": 0},
        {"produto_id": 99999, "solicitado": 1, "disponivel": 0},
    ]


@pytest.mark.parametrize(
    "itens",
    [[], [{"produto_id": "1", "quantidade": 1}], [{"produto_id": 1, "quantidade": 0}], [{"produto_id": 1}]],
)
def test_an_order_with_malformed_items_is_refused_as_a_poison_event(
    catalogo: sessionmaker[Session], itens: list[dict[str, Any]]
) -> None:
    with pytest.raises(ItensInvalidosError):
        aplicar(catalogo, reservar_pedido, do_pedido("PedidoCriado", "p6", itens=itens), ttl_s=60)

    assert estoque(catalogo, 1) == 10


def test_a_confirmed_order_turns_its_reservation_into_a_sale(catalogo: sessionmaker[Session]) -> None:
    aplicar(catalogo, reservar_pedido, pedido_criado("p7", (1, 3)), ttl_s=60)
    aplicar(catalogo, confirmar_venda, do_pedido("PedidoConfirmado", "p7"))
    aplicar(catalogo, confirmar_venda, do_pedido("PedidoConfirmado", "p7"))

    assert estoque(catalogo, 1) == 7
    assert [tipo for tipo, _ in eventos(catalogo, "p7")] == ["EstoqueReservado", "EstoqueVendido"]
    assert movimentos(catalogo, "p7") == [(1, -3, "reserva"), (1, 0, "venda")]


def test_a_cancelled_order_gives_its_units_back_once(catalogo: sessionmaker[Session]) -> None:
    aplicar(catalogo, reservar_pedido, pedido_criado("p8", (1, 3)), ttl_s=60)
    aplicar(catalogo, cancelar_reserva, do_pedido("PedidoCancelado", "p8", motivo="PAGAMENTO_RECUSADO"))
    aplicar(catalogo, cancelar_reserva, do_pedido("PedidoCancelado", "p8", motivo="PAGAMENTO_RECUSADO"))

    assert estoque(catalogo, 1) == 10
    tipos = eventos(catalogo, "p8")
    assert [tipo for tipo, _ in tipos] == ["EstoqueReservado", "EstoqueLiberado"]
    assert tipos[1][1]["motivo"] == "PAGAMENTO_RECUSADO"


def test_an_expired_reservation_is_released(catalogo: sessionmaker[Session]) -> None:
    aplicar(catalogo, reservar_pedido, pedido_criado("p9", (1, 3)), ttl_s=60)
    assert expirar(catalogo) == 1

    assert estoque(catalogo, 1) == 10
    assert eventos(catalogo, "p9")[-1] == ("EstoqueLiberado", eventos(catalogo, "p9")[-1][1])
    assert eventos(catalogo, "p9")[-1][1]["motivo"] == "EXPIRADO"


def test_an_order_confirmed_after_its_reservation_expired_takes_the_units_again(
    catalogo: sessionmaker[Session],
) -> None:
    aplicar(catalogo, reservar_pedido, pedido_criado("p10", (1, 3)), ttl_s=60)
    expirar(catalogo)

    aplicar(catalogo, confirmar_venda, do_pedido("PedidoConfirmado", "p10"))

    assert estoque(catalogo, 1) == 7
    assert movimentos(catalogo, "p10")[-1] == (1, -3, "venda")


def soma_do_razao(sessions: sessionmaker[Session], produto_id: int) -> int:
    with sessions() as session:
        return int(
            session.execute(
                sa.text("SELECT sum(delta) FROM movimentos_estoque WHERE produto_id = :id"),
                {"id": produto_id},
            ).scalar_one()
        )


def test_an_order_confirmed_after_its_expired_units_were_sold_answers_venda_sem_estoque_and_owes_nothing(
    catalogo: sessionmaker[Session],
) -> None:
    aplicar(catalogo, reservar_pedido, pedido_criado("p12", (1, 3)), ttl_s=60)
    expirar(catalogo)
    aplicar(catalogo, reservar_pedido, pedido_criado("outro", (1, 9)), ttl_s=60)

    aplicar(catalogo, confirmar_venda, do_pedido("PedidoConfirmado", "p12"))
    aplicar(catalogo, cancelar_reserva, do_pedido("PedidoCancelado", "p12", motivo="ESTOQUE_EXPIRADO"))
    aplicar(catalogo, confirmar_venda, do_pedido("PedidoConfirmado", "p12"))  # another one: sells nothing

    assert estoque(catalogo, 1) == 1 == soma_do_razao(catalogo, 1)
    tipos = eventos(catalogo, "p12")
    assert [tipo for tipo, _ in tipos] == ["EstoqueReservado", "EstoqueLiberado", "VendaSemEstoque"]
    assert tipos[2][1]["faltando"] == [{"produto_id": 1, "solicitado": 3, "disponivel": 1}]
    assert movimentos(catalogo, "p12") == [(1, -3, "reserva"), (1, 3, "liberacao")]


def test_an_order_confirmed_after_its_reservation_expired_sells_once_and_its_cancel_gives_back_once(
    catalogo: sessionmaker[Session],
) -> None:
    aplicar(catalogo, reservar_pedido, pedido_criado("p13", (1, 3)), ttl_s=60)
    expirar(catalogo)
    aplicar(catalogo, reservar_pedido, pedido_criado("outro", (1, 7)), ttl_s=60)

    aplicar(catalogo, confirmar_venda, do_pedido("PedidoConfirmado", "p13"))
    assert estoque(catalogo, 1) == 0
    aplicar(catalogo, cancelar_reserva, do_pedido("PedidoCancelado", "p13", motivo="CANCELADO_PELO_CLIENTE"))

    assert estoque(catalogo, 1) == 3 == soma_do_razao(catalogo, 1)
    assert [tipo for tipo, _ in eventos(catalogo, "p13")] == [
        "EstoqueReservado",
        "EstoqueLiberado",
        "EstoqueVendido",
        "EstoqueLiberado",
    ]


def test_concurrent_buyers_of_the_last_units_never_both_succeed(catalogo: sessionmaker[Session]) -> None:
    with catalogo() as session, session.begin():
        session.execute(sa.text("UPDATE produtos SET estoque = 3 WHERE id = 1"))
    pedidos = [f"corrida-{uuid.uuid4().hex[:6]}" for _ in range(8)]
    barreira = threading.Barrier(len(pedidos))

    def comprar(pedido_id: str) -> None:
        barreira.wait()
        aplicar(catalogo, reservar_pedido, pedido_criado(pedido_id, (1, 2)), ttl_s=60)

    threads = [threading.Thread(target=comprar, args=(p,)) for p in pedidos]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    resultados = [eventos(catalogo, p)[0][0] for p in pedidos]
    assert resultados.count("EstoqueReservado") == 1
    assert resultados.count("EstoqueInsuficiente") == 7
    assert estoque(catalogo, 1) == 1


def test_the_synthetic_catalogue_adds_products_with_their_opening_movements(
    catalogo: sessionmaker[Session], database_url: str
) -> None:
    from catalogo.cli import gerar_catalogo

    engine = sa.create_engine(database_url)
    try:
        assert gerar_catalogo(engine, 500) == 500
    finally:
        engine.dispose()

    with catalogo() as session:
        produtos = session.execute(sa.text("SELECT count(*) FROM produtos")).scalar_one()
        sem_movimento = session.execute(
            sa.text(
                "SELECT count(*) FROM produtos p WHERE NOT EXISTS "
                "(SELECT 1 FROM movimentos_estoque m WHERE m.produto_id = p.id)"
            )
        ).scalar_one()
    assert produtos == 531
    assert sem_movimento == 0


def test_an_order_cancelled_before_it_was_reserved_is_never_reserved_later(
    catalogo: sessionmaker[Session],
) -> None:
    aplicar(catalogo, cancelar_reserva, do_pedido("PedidoCancelado", "p11", motivo="EXPIRADO"))
    aplicar(catalogo, reservar_pedido, pedido_criado("p11", (1, 3)), ttl_s=60)

    assert estoque(catalogo, 1) == 10
    assert eventos(catalogo, "p11") == []
