"""The cart worker's use cases against in-memory fakes: product copies, order outcomes, abandoned carts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from carrinho.dominio.erros import EstoqueInsuficienteError, ProdutoInativoError
from carrinho.handlers import handlers
from carrinho.servicos import carrinhos as casos
from carrinho.servicos import reacoes
from carrinho.servicos.checkout import finalizar_compra
from confeitaria_shared.contratos import eventos
from confeitaria_shared.envelope import EventEnvelope, domain_event
from confeitaria_shared.redis_inbox import com_porta
from tests.support.fakes_carrinho import AcessosFalsos, CarrinhosEmMemoria, CatalogoFalso, PedidosFalso

CONVIDADO = ""
TORTA = {"id": 9, "nome": "Torta", "preco": "20.00", "ativo": True, "estoque": 3, "versao": 1}


def do_produto(tipo: str, versao: int, dados: dict[str, Any]) -> EventEnvelope:
    return domain_event(tipo, "Produto", 9, dados, "catalogo", version=versao)


def do_pedido(tipo: str, pedido_id: str = "pedido-1") -> EventEnvelope:
    return domain_event(tipo, "Pedido", pedido_id, {"pedido_id": pedido_id}, "pedidos")


@pytest.fixture
def carrinhos() -> CarrinhosEmMemoria:
    carrinhos = CarrinhosEmMemoria()
    reacoes.produto_criado_ou_atualizado(do_produto(eventos.PRODUTO_CRIADO, 1, TORTA), carrinhos.copias)
    return carrinhos


@pytest.fixture
def catalogo() -> CatalogoFalso:
    return CatalogoFalso(fora=True)  # the worker's copies alone must answer


def com_torta(carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso, quantidade: int = 1) -> str:
    session_id = str(casos.abrir_sessao(carrinhos, None)["session_id"])
    casos.adicionar(carrinhos, carrinhos.copias, catalogo, session_id, 9, quantidade, CONVIDADO)
    return session_id


def fechado(carrinhos: CarrinhosEmMemoria, session_id: str) -> None:
    """The cart checked out into pedido-1, pending."""
    dados = {"cliente": {}, "entrega": {}, "pagamento": {}}
    finalizar_compra(
        carrinhos, PedidosFalso(), AcessosFalsos(), session_id, CONVIDADO, None, dados, None, None
    )


def test_a_created_product_feeds_the_copy_adds_answer_from(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    session_id = com_torta(carrinhos, catalogo, 2)

    assert casos.ver(carrinhos, session_id, CONVIDADO)["itens"][0]["preco_unitario"] == Decimal("20.00")
    assert carrinhos.copias.copias["9"] == {
        "versao": "1",
        "nome": "Torta",
        "preco": "20.00",
        "ativo": "1",
        "estoque": "3",
    }


def test_an_updated_product_nested_in_its_event_replaces_the_copy(carrinhos: CarrinhosEmMemoria) -> None:
    produto = {**TORTA, "nome": "Torta de Limão", "preco": 22}
    reacoes.produto_criado_ou_atualizado(
        do_produto(eventos.PRODUTO_ATUALIZADO, 2, {"produto": produto}), carrinhos.copias
    )

    assert (carrinhos.copias.copias["9"]["nome"], carrinhos.copias.copias["9"]["preco"]) == (
        "Torta de Limão",
        "22.00",
    )


def test_an_older_product_event_never_overwrites_a_newer_copy_and_only_fills_what_it_lacks() -> None:
    carrinhos = CarrinhosEmMemoria()
    reacoes.preco_alterado(do_produto(eventos.PRECO_ALTERADO, 3, {"preco_novo": "5"}), carrinhos.copias)
    reacoes.produto_criado_ou_atualizado(do_produto(eventos.PRODUTO_CRIADO, 1, TORTA), carrinhos.copias)

    assert carrinhos.copias.copias["9"] == {
        "versao": "3",
        "preco": "5.00",
        "nome": "Torta",
        "ativo": "1",
        "estoque": "3",
    }


def test_a_price_change_is_flagged_on_the_lines_holding_it_and_the_total_follows_it(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    session_id = com_torta(carrinhos, catalogo, 2)

    reacoes.preco_alterado(do_produto(eventos.PRECO_ALTERADO, 2, {"preco_novo": "18.5"}), carrinhos.copias)

    carrinho = casos.ver(carrinhos, session_id, CONVIDADO)
    assert (carrinho["itens"][0]["preco_alterado"], carrinho["total"]) == (True, Decimal("37.00"))


def test_a_deactivated_product_is_unavailable_in_every_cart_and_refused_to_new_adds(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    primeiro, segundo = com_torta(carrinhos, catalogo), com_torta(carrinhos, catalogo)

    reacoes.produto_desativado(do_produto(eventos.PRODUTO_DESATIVADO, 2, {"produto_id": 9}), carrinhos.copias)

    for session_id in (primeiro, segundo):
        carrinho = casos.ver(carrinhos, session_id, CONVIDADO)
        assert (carrinho["itens"][0]["disponivel"], carrinho["total"], carrinho["quantidade_itens"]) == (
            False,
            Decimal("0.00"),
            0,
        )
    with pytest.raises(ProdutoInativoError):
        casos.adicionar(carrinhos, carrinhos.copias, catalogo, primeiro, 9, 1, CONVIDADO)


def test_a_stock_adjustment_moves_the_hint_adds_check(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    session_id = com_torta(carrinhos, catalogo)
    ajuste = {"produto_id": 9, "estoque_atual": 1}

    reacoes.estoque_ajustado(do_produto(eventos.ESTOQUE_AJUSTADO, 2, ajuste), carrinhos.copias)

    with pytest.raises(EstoqueInsuficienteError):
        casos.adicionar(carrinhos, carrinhos.copias, catalogo, session_id, 9, 1, CONVIDADO)


def test_a_confirmed_order_empties_its_cart_once_in_the_events_correlation(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    session_id = com_torta(carrinhos, catalogo, 2)
    fechado(carrinhos, session_id)
    confirmado = do_pedido(eventos.PEDIDO_CONFIRMADO)

    reacoes.pedido_confirmado(confirmado, carrinhos)
    reacoes.pedido_confirmado(confirmado, carrinhos)

    carrinho = casos.ver(carrinhos, session_id, CONVIDADO)
    assert (carrinho["estado"], carrinho["itens"], carrinho["ultimo_pedido_id"]) == ("ABERTO", [], "pedido-1")
    assert carrinhos.tipos().count(eventos.CARRINHO_CONVERTIDO) == 1
    assert carrinhos.eventos[-1].causa is confirmado
    assert carrinhos.eventos[-1].dados == {"pedido_id": "pedido-1"}


def test_confirming_an_order_takes_out_only_its_lines_and_keeps_what_came_in_meanwhile(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    session_id = com_torta(carrinhos, catalogo, 2)
    fechado(carrinhos, session_id)
    carrinhos.carrinhos[session_id]["item:9"] = "3"  # a racing add counted before the cart closed

    reacoes.pedido_confirmado(do_pedido(eventos.PEDIDO_CONFIRMADO), carrinhos)

    assert casos.ver(carrinhos, session_id, CONVIDADO)["quantidade_itens"] == 1


def test_a_cancelled_order_reopens_its_cart_with_its_lines(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    session_id = com_torta(carrinhos, catalogo, 2)
    fechado(carrinhos, session_id)

    reacoes.pedido_cancelado(do_pedido(eventos.PEDIDO_CANCELADO), carrinhos)

    carrinho = casos.ver(carrinhos, session_id, CONVIDADO)
    assert (carrinho["estado"], carrinho["quantidade_itens"], carrinho["checkouts"]) == ("ABERTO", 2, 1)
    assert carrinhos.tipos()[-1] == eventos.CARRINHO_REABERTO


def test_an_order_cancelled_after_its_confirmation_leaves_the_emptied_cart_as_the_customer_left_it(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    session_id = com_torta(carrinhos, catalogo, 2)
    fechado(carrinhos, session_id)
    reacoes.pedido_confirmado(do_pedido(eventos.PEDIDO_CONFIRMADO), carrinhos)
    casos.adicionar(carrinhos, carrinhos.copias, catalogo, session_id, 9, 1, CONVIDADO)

    reacoes.pedido_cancelado(do_pedido(eventos.PEDIDO_CANCELADO), carrinhos)

    assert casos.ver(carrinhos, session_id, CONVIDADO)["quantidade_itens"] == 1
    assert eventos.CARRINHO_REABERTO not in carrinhos.tipos()


def test_an_order_that_came_from_no_cart_changes_nothing(carrinhos: CarrinhosEmMemoria) -> None:
    reacoes.pedido_confirmado(do_pedido(eventos.PEDIDO_CONFIRMADO, "pedido-de-fora"), carrinhos)

    assert carrinhos.eventos == []


def test_an_expired_cart_with_items_is_reported_abandoned_once(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    session_id = com_torta(carrinhos, catalogo)
    carrinhos.expirar(session_id)

    assert reacoes.varrer_abandonados(carrinhos) == 1
    assert reacoes.varrer_abandonados(carrinhos) == 0
    assert (carrinhos.eventos[-1].tipo, carrinhos.eventos[-1].session_id) == (
        eventos.CARRINHO_ABANDONADO,
        session_id,
    )


def test_a_cart_renewed_in_time_or_emptied_is_not_abandoned(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    renovado = com_torta(carrinhos, catalogo)
    esvaziado = com_torta(carrinhos, catalogo)
    casos.remover(carrinhos, esvaziado, 9, CONVIDADO)
    carrinhos.agora += 10_000  # the renewed cart's expiry passed in the index, but it is still there

    assert reacoes.varrer_abandonados(carrinhos) == 0
    assert casos.ver(carrinhos, renovado, CONVIDADO)["quantidade_itens"] == 1


def test_the_worker_handles_the_catalogs_product_events_and_the_orders_outcomes() -> None:
    assert set(handlers(lambda _redis: None)) == {  # type: ignore[arg-type, return-value]
        eventos.PRODUTO_CRIADO,
        eventos.PRODUTO_ATUALIZADO,
        eventos.PRECO_ALTERADO,
        eventos.PRODUTO_DESATIVADO,
        eventos.ESTOQUE_AJUSTADO,
        eventos.PEDIDO_CONFIRMADO,
        eventos.PEDIDO_CANCELADO,
    }


def test_a_workers_handler_opens_its_port_on_the_consumers_redis_and_hands_it_to_the_use_case() -> None:
    vistos: list[tuple[EventEnvelope, object]] = []
    cliente = object()
    handler = com_porta(lambda redis: ("porta", redis), lambda evento, porta: vistos.append((evento, porta)))
    evento = do_pedido(eventos.PEDIDO_CONFIRMADO)

    handler(evento, cliente)  # type: ignore[arg-type]

    assert vistos == [(evento, ("porta", cliente))]
