"""The cart's checkout use case against in-memory fakes: once per cart, retries, waits, owners, refusals."""

from __future__ import annotations

from typing import Any

import pytest

from carrinho.dominio.carrinho import EQUIPE
from carrinho.dominio.desfecho import Desfecho, desfecho_do_status
from carrinho.dominio.erros import (
    CarrinhoVazioError,
    PedidoRecusadoError,
    PedidosIndisponivelError,
    SessaoNaoEncontradaError,
    SoODonoFinalizaError,
)
from carrinho.dominio.produto import do_catalogo
from carrinho.servicos import carrinhos as casos
from carrinho.servicos.checkout import concluir, finalizar_compra
from confeitaria_shared.contratos import eventos
from confeitaria_shared.errors import status_do_erro
from tests.support.fakes_carrinho import AcessosFalsos, CarrinhosEmMemoria, CatalogoFalso, PedidosFalso

CONVIDADO = ""
DADOS = {"cliente": {"nome": "Ana"}, "entrega": {"endereco": "Rua A, 1"}, "pagamento": {"metodo": "pix"}}
BEARER_A = "Bearer do-cliente-a"


@pytest.fixture
def carrinhos() -> CarrinhosEmMemoria:
    carrinhos = CarrinhosEmMemoria()
    for produto_id in (1, 2, 3):
        produto = {"id": produto_id, "nome": f"P{produto_id}", "preco": "2.00", "ativo": True, "estoque": 50}
        carrinhos.copias.gravar(produto_id, 1, do_catalogo(produto))
    return carrinhos


@pytest.fixture
def pedidos() -> PedidosFalso:
    return PedidosFalso()


def com_itens(carrinhos: CarrinhosEmMemoria, *linhas: tuple[int, int], cliente_id: str | None = None) -> str:
    session_id = str(casos.abrir_sessao(carrinhos, cliente_id)["session_id"])
    for produto_id, quantidade in linhas:
        quem = cliente_id or CONVIDADO
        casos.adicionar(
            carrinhos, carrinhos.copias, CatalogoFalso(), session_id, produto_id, quantidade, quem
        )
    return session_id


def finalizar(
    carrinhos: CarrinhosEmMemoria,
    pedidos: PedidosFalso,
    session_id: str,
    quem: str = CONVIDADO,
    cliente_logado: str | None = None,
    prefer: str | None = None,
    autorizacao: str | None = None,
) -> tuple[dict[str, Any], int]:
    return finalizar_compra(
        carrinhos, pedidos, AcessosFalsos(), session_id, quem, cliente_logado, DADOS, prefer, autorizacao
    )


def test_a_guests_checkout_makes_one_pending_order_closes_the_cart_and_answers_its_access_token(
    carrinhos: CarrinhosEmMemoria, pedidos: PedidosFalso
) -> None:
    session_id = com_itens(carrinhos, (1, 2), (2, 1))

    pedido, status = finalizar(carrinhos, pedidos, session_id)

    assert (status, pedido["id"], pedido["token_de_acesso"]) == (202, "pedido-1", "acesso-pedido-1")
    feito = pedidos.pedidos["pedido-1"]
    assert feito.dados["itens"] == [{"produto_id": 1, "quantidade": 2}, {"produto_id": 2, "quantidade": 1}]
    assert (feito.chave, feito.autorizacao) == (f"carrinho-{session_id}-c0", None)
    carrinho = casos.ver(carrinhos, session_id, CONVIDADO)
    assert (carrinho["estado"], carrinho["pedido_id"]) == ("FECHADO", "pedido-1")
    assert carrinhos.tipos()[-1] == eventos.CHECKOUT_REALIZADO


def test_the_order_carries_the_checkout_data_and_only_the_available_lines(
    carrinhos: CarrinhosEmMemoria, pedidos: PedidosFalso
) -> None:
    session_id = com_itens(carrinhos, (1, 1), (3, 4))
    carrinhos.copias.gravar(3, 2, {"ativo": "0"})

    finalizar(carrinhos, pedidos, session_id)

    assert pedidos.pedidos["pedido-1"].dados["itens"] == [{"produto_id": 1, "quantidade": 1}]


def test_a_retried_checkout_answers_the_same_order_and_makes_no_second(
    carrinhos: CarrinhosEmMemoria, pedidos: PedidosFalso
) -> None:
    session_id = com_itens(carrinhos, (1, 2))
    primeiro, _ = finalizar(carrinhos, pedidos, session_id)

    segundo, status = finalizar(carrinhos, pedidos, session_id)

    assert (status, segundo) == (200, primeiro)
    assert list(pedidos.pedidos) == ["pedido-1"]


def test_a_checkout_retried_after_the_order_was_made_but_before_the_cart_closed_gets_that_order(
    carrinhos: CarrinhosEmMemoria, pedidos: PedidosFalso
) -> None:
    session_id = com_itens(carrinhos, (1, 2))
    # The first try's request reached the orders service; its answer was lost on the way back.
    pedidos.criar({"itens": [{"produto_id": 1, "quantidade": 2}]}, f"carrinho-{session_id}-c0", None, None)

    pedido, _ = finalizar(carrinhos, pedidos, session_id)

    assert pedido["id"] == "pedido-1" and list(pedidos.pedidos) == ["pedido-1"]


@pytest.mark.parametrize(
    ("prefer", "passado"),
    [(None, None), ("wait=3", "wait=3"), ("wait=30", "wait=10"), ("respond-async", None)],
)
def test_the_wait_asked_is_passed_on_cut_to_what_the_cart_waits(
    carrinhos: CarrinhosEmMemoria, pedidos: PedidosFalso, prefer: str | None, passado: str | None
) -> None:
    session_id = com_itens(carrinhos, (1, 1))

    finalizar(carrinhos, pedidos, session_id, prefer=prefer)

    assert pedidos.pedidos["pedido-1"].prefer == passado


def test_an_order_confirmed_within_the_wait_empties_the_cart_at_once_and_answers_200(
    carrinhos: CarrinhosEmMemoria, pedidos: PedidosFalso
) -> None:
    pedidos.status_ao_criar = "CONFIRMADO"
    session_id = com_itens(carrinhos, (1, 2))

    pedido, status = finalizar(carrinhos, pedidos, session_id, prefer="wait=5")

    assert (status, pedido["status"]) == (200, "CONFIRMADO")
    carrinho = casos.ver(carrinhos, session_id, CONVIDADO)
    assert (carrinho["estado"], carrinho["itens"], carrinho["ultimo_pedido_id"]) == ("ABERTO", [], "pedido-1")
    assert carrinhos.tipos()[-2:] == [eventos.CHECKOUT_REALIZADO, eventos.CARRINHO_CONVERTIDO]


def test_an_order_cancelled_before_the_cart_closed_reopens_it_with_its_lines(
    carrinhos: CarrinhosEmMemoria, pedidos: PedidosFalso
) -> None:
    session_id = com_itens(carrinhos, (1, 2))
    pedidos.status_ao_ler = "CANCELADO"  # its fate came while the cart was being closed

    pedido, status = finalizar(carrinhos, pedidos, session_id)

    assert (status, pedido["status"]) == (200, "CANCELADO")
    carrinho = casos.ver(carrinhos, session_id, CONVIDADO)
    assert (carrinho["estado"], carrinho["quantidade_itens"], carrinho["checkouts"]) == ("ABERTO", 2, 1)
    assert carrinhos.tipos()[-1] == eventos.CARRINHO_REABERTO


def test_the_next_checkout_of_a_cart_after_its_order_ended_is_another_order(
    carrinhos: CarrinhosEmMemoria, pedidos: PedidosFalso
) -> None:
    session_id = com_itens(carrinhos, (1, 2))
    finalizar(carrinhos, pedidos, session_id)
    concluir(carrinhos, "pedido-1", Desfecho.REABRIR)

    pedido, _ = finalizar(carrinhos, pedidos, session_id)

    assert pedido["id"] == "pedido-2"
    assert pedidos.pedidos["pedido-2"].chave == f"carrinho-{session_id}-c1"


def test_an_emptied_carts_checkout_answers_its_last_order(
    carrinhos: CarrinhosEmMemoria, pedidos: PedidosFalso
) -> None:
    pedidos.status_ao_criar = "CONFIRMADO"
    session_id = com_itens(carrinhos, (1, 2))
    finalizar(carrinhos, pedidos, session_id)

    pedido, status = finalizar(carrinhos, pedidos, session_id)

    assert (status, pedido["id"]) == (200, "pedido-1")
    assert list(pedidos.pedidos) == ["pedido-1"]


def test_a_customers_cart_becomes_their_order_placed_with_their_credentials_and_no_access_token(
    carrinhos: CarrinhosEmMemoria, pedidos: PedidosFalso
) -> None:
    session_id = com_itens(carrinhos, (1, 1), cliente_id="cliente-a")

    pedido, _ = finalizar(carrinhos, pedidos, session_id, "cliente-a", "cliente-a", autorizacao=BEARER_A)

    assert pedidos.pedidos["pedido-1"].autorizacao == BEARER_A
    assert "token_de_acesso" not in pedido


def test_a_guests_cart_checked_out_by_a_logged_in_customer_is_still_a_guests_order(
    carrinhos: CarrinhosEmMemoria, pedidos: PedidosFalso
) -> None:
    session_id = com_itens(carrinhos, (1, 1))

    pedido, _ = finalizar(carrinhos, pedidos, session_id, "cliente-a", "cliente-a", autorizacao=BEARER_A)

    assert pedidos.pedidos["pedido-1"].autorizacao is None
    assert pedido["token_de_acesso"] == "acesso-pedido-1"


def test_staff_may_see_a_customers_cart_but_not_turn_it_into_an_order(
    carrinhos: CarrinhosEmMemoria, pedidos: PedidosFalso
) -> None:
    session_id = com_itens(carrinhos, (1, 1), cliente_id="cliente-a")

    with pytest.raises(SoODonoFinalizaError) as capturado:
        finalizar(carrinhos, pedidos, session_id, EQUIPE, None, autorizacao="Bearer da-equipe")

    assert (status_do_erro(capturado.value), capturado.value.codigo) == (403, "PROIBIDO")
    assert capturado.value.mensagem == "Só o cliente dono do carrinho finaliza a compra."
    assert pedidos.pedidos == {}


def test_another_customer_does_not_even_find_the_cart(
    carrinhos: CarrinhosEmMemoria, pedidos: PedidosFalso
) -> None:
    session_id = com_itens(carrinhos, (1, 1), cliente_id="cliente-a")

    with pytest.raises(SessaoNaoEncontradaError):
        finalizar(carrinhos, pedidos, session_id, "cliente-b", "cliente-b")


def test_an_empty_cart_or_one_with_nothing_available_cannot_be_checked_out(
    carrinhos: CarrinhosEmMemoria, pedidos: PedidosFalso
) -> None:
    vazio = com_itens(carrinhos)
    indisponivel = com_itens(carrinhos, (3, 1))
    carrinhos.copias.gravar(3, 2, {"ativo": "0"})

    for session_id in (vazio, indisponivel):
        with pytest.raises(CarrinhoVazioError) as capturado:
            finalizar(carrinhos, pedidos, session_id)
        assert (status_do_erro(capturado.value), capturado.value.codigo) == (422, "CARRINHO_VAZIO")
    assert pedidos.pedidos == {}


def test_with_the_orders_service_down_the_cart_stays_open_and_unchanged(
    carrinhos: CarrinhosEmMemoria, pedidos: PedidosFalso
) -> None:
    session_id = com_itens(carrinhos, (1, 1))
    antes = dict(carrinhos.carrinhos[session_id])
    pedidos.fora = True

    with pytest.raises(PedidosIndisponivelError) as capturado:
        finalizar(carrinhos, pedidos, session_id)

    assert (status_do_erro(capturado.value), capturado.value.codigo) == (503, "PEDIDOS_INDISPONIVEL")
    assert capturado.value.mensagem == "O serviço de pedidos não responde; o carrinho segue aberto."
    assert carrinhos.carrinhos[session_id] == antes
    assert carrinhos.tipos()[-1] == eventos.ITEM_ADICIONADO_AO_CARRINHO


def test_an_orders_refusal_is_passed_on_with_its_own_status_and_the_cart_stays_open(
    carrinhos: CarrinhosEmMemoria, pedidos: PedidosFalso
) -> None:
    session_id = com_itens(carrinhos, (1, 1))
    pedidos.recusa = PedidoRecusadoError(413, "PEDIDO_RECUSADO", "O serviço de pedidos recusou o pedido.")

    with pytest.raises(PedidoRecusadoError) as capturado:
        finalizar(carrinhos, pedidos, session_id)

    assert (capturado.value.status, capturado.value.codigo) == (413, "PEDIDO_RECUSADO")
    assert casos.ver(carrinhos, session_id, CONVIDADO)["estado"] == "ABERTO"


def test_a_retry_whose_order_cannot_be_read_back_is_unavailable(
    carrinhos: CarrinhosEmMemoria, pedidos: PedidosFalso
) -> None:
    session_id = com_itens(carrinhos, (1, 1))
    finalizar(carrinhos, pedidos, session_id)
    pedidos.fora = True

    with pytest.raises(PedidosIndisponivelError) as capturado:
        finalizar(carrinhos, pedidos, session_id)

    assert capturado.value.mensagem == "O serviço de pedidos não responde agora."


@pytest.mark.parametrize(
    ("status", "desfecho"),
    [
        ("PENDENTE", None),
        ("CONFIRMADO", Desfecho.ESVAZIAR),
        ("EM_PREPARO", Desfecho.ESVAZIAR),
        ("ENTREGUE", Desfecho.ESVAZIAR),
        ("CANCELADO", Desfecho.REABRIR),
    ],
)
def test_an_order_ends_its_checkout_once_final_emptying_the_cart_unless_cancelled(
    status: str, desfecho: Desfecho | None
) -> None:
    assert desfecho_do_status(status) is desfecho
