"""The catalog's part of the checkout saga (reserve, sell, release, expire) against in-memory stores."""

from __future__ import annotations

from typing import Any

import pytest

from catalogo.dominio.reservas import LIBERADA, RECUSADA, RESERVADA, SEM_ESTOQUE, VENDIDA, ItensInvalidosError
from catalogo.servicos.reservas import cancelar_reserva, confirmar_venda, expirar_reservas, reservar_pedido
from confeitaria_shared.envelope import EventEnvelope
from tests.support.eventos import do_pedido
from tests.support.fakes_catalogo import CatalogoEmMemoria, UnidadeFalsa, depois

TTL_S = 60


@pytest.fixture
def banco() -> CatalogoEmMemoria:
    """Bolo (id 1, 10 units at 45.90), Brigadeiro (id 2, 120 at 4.50), Torta (id 3, 6 units)."""
    banco = CatalogoEmMemoria()
    banco.nova_categoria("Bolos")
    banco.novo_produto("Bolo", 10, "45.90")
    banco.novo_produto("Brigadeiro", 120)
    banco.novo_produto("Torta", 6, "80")
    return banco


def aplicar(banco: CatalogoEmMemoria, caso: Any, ocorrido: EventEnvelope, **kwargs: Any) -> UnidadeFalsa:
    with UnidadeFalsa(banco) as uow:
        caso(ocorrido, uow, **kwargs)
    return uow


def pedido_criado(banco: CatalogoEmMemoria, pedido_id: str, *itens: tuple[int, int]) -> UnidadeFalsa:
    linhas = [{"produto_id": p, "quantidade": q} for p, q in itens]
    return aplicar(banco, reservar_pedido, do_pedido("PedidoCriado", pedido_id, itens=linhas), ttl_s=TTL_S)


def confirmado(banco: CatalogoEmMemoria, pedido_id: str) -> UnidadeFalsa:
    return aplicar(banco, confirmar_venda, do_pedido("PedidoConfirmado", pedido_id))


def cancelado(banco: CatalogoEmMemoria, pedido_id: str, **dados: Any) -> UnidadeFalsa:
    return aplicar(banco, cancelar_reserva, do_pedido("PedidoCancelado", pedido_id, **dados))


def expirar(banco: CatalogoEmMemoria, limite: int = 100) -> int:
    with UnidadeFalsa(banco) as uow:
        return expirar_reservas(uow, limite)


def registrados(banco: CatalogoEmMemoria, pedido_id: str) -> list[tuple[str, int, dict[str, Any]]]:
    return [(e.tipo, e.versao, e.dados) for e in banco.eventos if e.agregado_id == pedido_id]


def razao(banco: CatalogoEmMemoria, pedido_id: str) -> list[tuple[int, int, str]]:
    return [(m.produto_id, m.delta, m.motivo) for m in banco.movimentos if m.pedido_id == pedido_id]


def test_an_order_reserves_all_its_items_at_their_prices_and_says_so(banco: CatalogoEmMemoria) -> None:
    uow = pedido_criado(banco, "p1", (2, 5), (1, 2))

    assert uow.commits == 1
    assert (banco.produtos[1].estoque, banco.produtos[2].estoque) == (8, 115)
    [(tipo, versao, dados)] = registrados(banco, "p1")
    assert (tipo, versao) == ("EstoqueReservado", 1)
    assert dados["itens"] == [
        {"produto_id": 1, "quantidade": 2, "preco_unitario": "45.90", "nome": "Bolo"},
        {"produto_id": 2, "quantidade": 5, "preco_unitario": "4.50", "nome": "Brigadeiro"},
    ]
    assert dados["expira_em"] == banco.reservas["p1"].expira_em.isoformat()
    assert razao(banco, "p1") == [(1, -2, "reserva"), (2, -5, "reserva")]
    assert banco.movimentos[0].correlation_id == "corr-p1"
    assert banco.eventos[0].causa is not None and banco.eventos[0].causa.aggregate_id == "p1"


def test_an_order_with_one_missing_item_reserves_nothing_and_lists_what_is_missing(
    banco: CatalogoEmMemoria,
) -> None:
    uow = pedido_criado(banco, "p2", (1, 2), (3, 50))

    assert uow.commits == 1
    assert (banco.produtos[1].estoque, banco.produtos[3].estoque) == (10, 6)
    assert registrados(banco, "p2") == [
        (
            "EstoqueInsuficiente",
            1,
            {"pedido_id": "p2", "faltando": [{"produto_id": 3, "solicitado": 50, "disponivel": 6}]},
        )
    ]
    assert banco.reservas["p2"].status == RECUSADA
    assert razao(banco, "p2") == []


def test_a_repeated_order_is_reserved_once(banco: CatalogoEmMemoria) -> None:
    pedido_criado(banco, "p3", (1, 4))
    segunda = pedido_criado(banco, "p3", (1, 4))

    assert segunda.commits == 0
    assert banco.produtos[1].estoque == 6
    assert banco.tipos() == ["EstoqueReservado"]


def test_a_refused_order_stays_refused_when_its_event_comes_again(banco: CatalogoEmMemoria) -> None:
    pedido_criado(banco, "p3", (1, 40))
    banco.produtos[1].estoque = 50
    pedido_criado(banco, "p3", (1, 40))

    assert banco.tipos() == ["EstoqueInsuficiente"]
    assert banco.produtos[1].estoque == 50


def test_duplicate_lines_of_one_product_are_reserved_as_their_sum(banco: CatalogoEmMemoria) -> None:
    pedido_criado(banco, "p4", (1, 6), (1, 6))

    assert banco.produtos[1].estoque == 10
    falta = {"produto_id": 1, "solicitado": 12, "disponivel": 10}
    assert registrados(banco, "p4")[0][2]["faltando"] == [falta]


def test_an_inactive_or_unknown_product_counts_as_having_no_units(banco: CatalogoEmMemoria) -> None:
    banco.produtos[2].ativo = False

    pedido_criado(banco, "p5", (2, 1), (99, 1))

    assert registrados(banco, "p5")[0][2]["faltando"] == [
        {"produto_id": 2, "solicitado": 1, "disponivel": 0},
        {"produto_id": 99, "solicitado": 1, "disponivel": 0},
    ]
    assert banco.produtos[2].estoque == 120


@pytest.mark.parametrize("itens", [[], [{"produto_id": "1", "quantidade": 1}], [{"produto_id": 1}]])
def test_an_order_with_malformed_items_is_refused_as_a_poison_event_and_stores_nothing(
    banco: CatalogoEmMemoria, itens: list[dict[str, Any]]
) -> None:
    with pytest.raises(ItensInvalidosError):
        aplicar(banco, reservar_pedido, do_pedido("PedidoCriado", "p6", itens=itens), ttl_s=TTL_S)

    assert (banco.reservas, banco.eventos, banco.produtos[1].estoque) == ({}, [], 10)


def test_a_confirmed_order_turns_its_reservation_into_a_sale_once(banco: CatalogoEmMemoria) -> None:
    pedido_criado(banco, "p7", (1, 3))

    assert confirmado(banco, "p7").commits == 1
    assert confirmado(banco, "p7").commits == 0

    assert banco.produtos[1].estoque == 7
    assert [(tipo, versao) for tipo, versao, _ in registrados(banco, "p7")] == [
        ("EstoqueReservado", 1),
        ("EstoqueVendido", 2),
    ]
    assert registrados(banco, "p7")[1][2]["itens"] == banco.reservas["p7"].itens
    assert razao(banco, "p7") == [(1, -3, "reserva"), (1, 0, "venda")]
    assert banco.movimentos[-1].resultante == 7
    assert banco.reservas["p7"].status == VENDIDA


def test_a_confirmation_of_an_order_the_catalog_never_saw_or_refused_sells_nothing(
    banco: CatalogoEmMemoria,
) -> None:
    pedido_criado(banco, "recusado", (1, 50))

    confirmado(banco, "desconhecido")
    confirmado(banco, "recusado")

    assert banco.tipos() == ["EstoqueInsuficiente"]
    assert banco.produtos[1].estoque == 10


def test_a_cancelled_order_gives_its_units_back_once_with_its_reason(banco: CatalogoEmMemoria) -> None:
    pedido_criado(banco, "p8", (1, 3))
    cancelado(banco, "p8", motivo="PAGAMENTO_RECUSADO")
    cancelado(banco, "p8", motivo="PAGAMENTO_RECUSADO")

    assert banco.produtos[1].estoque == 10
    eventos = registrados(banco, "p8")
    assert [(tipo, versao) for tipo, versao, _ in eventos] == [
        ("EstoqueReservado", 1),
        ("EstoqueLiberado", 2),
    ]
    assert eventos[1][2]["motivo"] == "PAGAMENTO_RECUSADO"
    assert razao(banco, "p8") == [(1, -3, "reserva"), (1, 3, "liberacao")]
    assert banco.reservas["p8"].status == LIBERADA


def test_a_cancellation_without_a_reason_is_told_as_cancelado(banco: CatalogoEmMemoria) -> None:
    pedido_criado(banco, "p8", (1, 3))
    cancelado(banco, "p8")

    assert registrados(banco, "p8")[-1][2]["motivo"] == "CANCELADO"


def test_a_sold_order_that_is_cancelled_gives_its_units_back(banco: CatalogoEmMemoria) -> None:
    pedido_criado(banco, "p9", (1, 3))
    confirmado(banco, "p9")
    cancelado(banco, "p9", motivo="CANCELADO_PELO_CLIENTE")

    assert banco.produtos[1].estoque == 10
    assert banco.tipos()[-1] == "EstoqueLiberado"


def test_an_order_cancelled_before_it_was_reserved_is_never_reserved_later(banco: CatalogoEmMemoria) -> None:
    assert cancelado(banco, "p11", motivo="EXPIRADO").commits == 1
    pedido_criado(banco, "p11", (1, 3))

    assert banco.produtos[1].estoque == 10
    assert banco.eventos == []
    assert (banco.reservas["p11"].status, banco.reservas["p11"].itens) == (LIBERADA, [])


def test_only_reservations_past_their_time_are_released_as_expirado(banco: CatalogoEmMemoria) -> None:
    pedido_criado(banco, "velho", (1, 3))
    depois(banco, TTL_S / 2)
    pedido_criado(banco, "novo", (2, 1))
    depois(banco, TTL_S / 2 + 1)

    assert expirar(banco) == 1

    assert (banco.reservas["velho"].status, banco.reservas["novo"].status) == (LIBERADA, RESERVADA)
    assert banco.produtos[1].estoque == 10
    tipo, versao, dados = registrados(banco, "velho")[-1]
    assert (tipo, versao, dados["motivo"]) == ("EstoqueLiberado", 2, "EXPIRADO")
    assert banco.eventos[-1].causa is None
    assert expirar(banco) == 0


def test_expiry_releases_at_most_its_batch_oldest_first(banco: CatalogoEmMemoria) -> None:
    for pedido_id in ("a", "b", "c"):
        pedido_criado(banco, pedido_id, (2, 1))
        depois(banco, 1)
    depois(banco, TTL_S)

    assert expirar(banco, limite=2) == 2

    assert [banco.reservas[p].status for p in "abc"] == [LIBERADA, LIBERADA, RESERVADA]


def test_an_order_confirmed_after_its_reservation_expired_takes_the_units_again(
    banco: CatalogoEmMemoria,
) -> None:
    pedido_criado(banco, "p10", (1, 3))
    depois(banco, TTL_S + 1)
    expirar(banco)

    confirmado(banco, "p10")

    assert banco.produtos[1].estoque == 7
    assert razao(banco, "p10")[-1] == (1, -3, "venda")
    assert banco.reservas["p10"].status == VENDIDA
    assert banco.tipos()[-1] == "EstoqueVendido"


def test_an_order_confirmed_after_its_expired_units_were_sold_answers_venda_sem_estoque_and_owes_nothing(
    banco: CatalogoEmMemoria,
) -> None:
    pedido_criado(banco, "p12", (1, 3))
    depois(banco, TTL_S + 1)
    expirar(banco)
    pedido_criado(banco, "outro", (1, 9))

    assert confirmado(banco, "p12").commits == 1
    cancelado(banco, "p12", motivo="ESTOQUE_EXPIRADO")
    confirmado(banco, "p12")  # another one: sells nothing

    assert banco.produtos[1].estoque == 1
    eventos = registrados(banco, "p12")
    assert [(tipo, versao) for tipo, versao, _ in eventos] == [
        ("EstoqueReservado", 1),
        ("EstoqueLiberado", 2),
        ("VendaSemEstoque", 3),
    ]
    assert eventos[2][2] == {
        "pedido_id": "p12",
        "faltando": [{"produto_id": 1, "solicitado": 3, "disponivel": 1}],
        "itens": [{"produto_id": 1, "quantidade": 3, "preco_unitario": "45.90", "nome": "Bolo"}],
    }
    assert razao(banco, "p12") == [(1, -3, "reserva"), (1, 3, "liberacao")]
    assert banco.reservas["p12"].status == SEM_ESTOQUE


def test_an_order_confirmed_after_expiry_sells_once_and_its_cancel_gives_back_once(
    banco: CatalogoEmMemoria,
) -> None:
    pedido_criado(banco, "p13", (1, 3))
    depois(banco, TTL_S + 1)
    expirar(banco)
    pedido_criado(banco, "outro", (1, 7))

    confirmado(banco, "p13")
    assert banco.produtos[1].estoque == 0
    cancelado(banco, "p13", motivo="CANCELADO_PELO_CLIENTE")

    assert banco.produtos[1].estoque == 3
    assert sum(m.delta for m in banco.movimentos if m.produto_id == 1) == 3 - 10
    assert [tipo for tipo, _, _ in registrados(banco, "p13")] == [
        "EstoqueReservado",
        "EstoqueLiberado",
        "EstoqueVendido",
        "EstoqueLiberado",
    ]


def test_the_worker_applies_each_order_event_the_catalog_plays_a_part_in_and_expires_reservations() -> None:
    from catalogo import worker
    from catalogo.config import CatalogoSettings

    handlers = worker.handlers(CatalogoSettings("postgresql://x", None, read_only=False, reserva_ttl_s=60))

    assert set(handlers) == {"PedidoCriado", "PedidoConfirmado", "PedidoCancelado"}
    assert [tarefa.name for tarefa in worker.tarefas(None)] == ["expirar_reservas"]  # type: ignore[arg-type]
