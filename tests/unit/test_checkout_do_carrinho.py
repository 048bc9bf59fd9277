"""The cart's checkout rules that need no store: the wait it passes on, its key, and upstream refusals."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from carrinho.adaptadores.pedidos_cliente import ClientePedidos
from carrinho.dominio.carrinho import chave_do_checkout
from carrinho.dominio.erros import PedidoRecusadoError
from carrinho.servicos.checkout import ESPERA_MAX_S, espera_limitada
from confeitaria_shared.dominio import DominioError
from confeitaria_shared.errors import status_do_erro


def resposta(status: int, corpo: Any, tipo: str = "application/json") -> requests.Response:
    feita = requests.Response()
    feita.status_code = status
    feita._content = (json.dumps(corpo) if tipo == "application/json" else str(corpo)).encode()
    feita.headers["Content-Type"] = tipo
    return feita


def cliente() -> ClientePedidos:
    return ClientePedidos(pedidos_url="http://pedidos.invalid", auth=None)  # type: ignore[arg-type]


def status_de(erro: DominioError) -> int:
    """The status the cart answers the error with (an orders refusal keeps its own)."""
    return erro.status if isinstance(erro, PedidoRecusadoError) else status_do_erro(erro)


@pytest.mark.parametrize(
    ("prefer", "passado"),
    [
        (None, None),
        ("wait=3", "wait=3"),
        ("wait=30", f"wait={ESPERA_MAX_S}"),
        ("respond-async", None),
        ("wait=" + "9" * 5000, f"wait={ESPERA_MAX_S}"),
    ],
)
def test_the_wait_passed_to_the_orders_service_is_cut_to_what_the_cart_waits(
    prefer: str | None, passado: str | None
) -> None:
    assert espera_limitada(prefer) == passado


def test_a_carts_checkout_key_changes_with_each_checkout_not_with_its_contents() -> None:
    assert chave_do_checkout("abc", 0) == chave_do_checkout("abc", 0) != chave_do_checkout("abc", 1)


@pytest.mark.parametrize(
    ("upstream", "esperado"),
    [
        (
            resposta(422, {"error": {"code": "PRODUTO_INEXISTENTE", "message": "x"}}),
            (422, "PRODUTO_INEXISTENTE"),
        ),
        (
            resposta(400, {"error": {"code": "CARACTERE_DE_CONTROLE", "message": "x"}}),
            (400, "CARACTERE_DE_CONTROLE"),
        ),
        (resposta(413, "<html>Request Entity Too Large</html>", "text/html"), (413, "PEDIDO_RECUSADO")),
        (resposta(500, {"error": {"code": "ERRO_INTERNO", "message": "x"}}), (503, "PEDIDOS_INDISPONIVEL")),
        (resposta(502, "<html>Bad Gateway</html>", "text/html"), (503, "PEDIDOS_INDISPONIVEL")),
    ],
)
def test_an_orders_refusal_is_passed_on_as_its_4xx_and_only_a_5xx_is_unavailable(
    upstream: requests.Response, esperado: tuple[int, str]
) -> None:
    with pytest.raises(DominioError) as caught:
        cliente().pedido_criado(upstream)

    assert (status_de(caught.value), caught.value.codigo) == esperado
