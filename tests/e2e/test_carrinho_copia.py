"""Adds answered from the cart's product copy: fetched once, fed by the catalog's events, a stock hint."""

from __future__ import annotations

import requests

from tests.e2e.test_carrinho_disjuntor import agora, perguntados_ao_catalogo
from tests.support import compose
from tests.support.api_client import adicionar, carrinho, nova_sessao, novo_produto, staff
from tests.support.eventually import eventually


def redis_do_carrinho(*comando: str) -> str:
    """Run a redis-cli command as the admin user in the cart's Redis; its raw output."""
    return compose.compose("exec", "-T", "carrinho-redis", "redis-admin", *comando).stdout


def copia(produto_id: int) -> dict[str, str]:
    """The cart's local copy of a product (empty when it has none)."""
    linhas = redis_do_carrinho("HGETALL", f"carrinho:produto:{produto_id}").splitlines()
    return dict(zip(linhas[::2], linhas[1::2], strict=True))


def vezes_perguntado(desde: str, produto_id: int) -> int:
    """How many times either catalog app was asked about the product since `desde`."""
    if not perguntados_ao_catalogo(desde, [produto_id]):
        return 0
    log = compose.compose("logs", "--no-color", "--since", desde, "catalogo", "catalogo-replica").stdout
    return log.count(f'"/api/produtos/{produto_id}"')


def test_a_product_whose_copy_was_lost_is_fetched_once_then_added_from_the_copy(gateway: str) -> None:
    produto = novo_produto(estoque=20, preco="3.30")
    eventually(lambda: copia(produto["id"]).get("estoque") == "20", what="the copy made from ProdutoCriado")
    session_id = nova_sessao()
    redis_do_carrinho("DEL", f"carrinho:produto:{produto['id']}")  # as a Redis that lost its data
    desde = agora()

    respostas = [adicionar(session_id, produto["id"], 1) for _ in range(3)]

    assert [r.status_code for r in respostas] == [200, 200, 200]
    assert vezes_perguntado(desde, produto["id"]) == 1
    assert copia(produto["id"])["preco"] == "3.30"
    assert respostas[-1].json()["data"]["itens"][0]["quantidade"] == 3


def test_a_deactivated_product_is_refused_from_the_copy_without_asking_the_catalog(gateway: str) -> None:
    produto = novo_produto()
    session_id = nova_sessao()
    assert adicionar(session_id, produto["id"], 1).status_code == 200
    requests.delete(f"{gateway}/api/produtos/{produto['id']}", headers=staff(), timeout=10)
    eventually(lambda: copia(produto["id"]).get("ativo") == "0", what="ProdutoDesativado in the copy")
    desde = agora()

    recusa = adicionar(session_id, produto["id"], 1)

    assert (recusa.status_code, recusa.json()["error"]["code"]) == (409, "PRODUTO_INATIVO")
    assert vezes_perguntado(desde, produto["id"]) == 0
    assert carrinho(session_id)["itens"][0]["quantidade"] == 1


def test_the_stock_hint_follows_stock_adjustments_and_refuses_past_them(gateway: str) -> None:
    produto = novo_produto(estoque=10)
    requests.put(
        f"{gateway}/api/produtos/{produto['id']}/estoque",
        json={"quantidade": 8, "operacao": "remover"},
        headers=staff(),
        timeout=10,
    )
    eventually(lambda: copia(produto["id"]).get("estoque") == "2", what="EstoqueAjustado in the copy")
    session_id = nova_sessao()

    recusa = adicionar(session_id, produto["id"], 3)

    erro = recusa.json()["error"]
    assert (recusa.status_code, erro["code"], erro["disponivel"], erro["solicitado"]) == (
        409,
        "ESTOQUE_INSUFICIENTE",
        2,
        3,
    )
    assert adicionar(session_id, produto["id"], 2).status_code == 200


def test_a_stale_stock_hint_never_refuses_what_the_catalog_still_has(gateway: str) -> None:
    produto = novo_produto(estoque=5)
    eventually(lambda: copia(produto["id"]).get("estoque") == "5", what="the copy made from ProdutoCriado")
    redis_do_carrinho("HSET", f"carrinho:produto:{produto['id']}", "estoque", "0")  # a hint gone stale
    session_id = nova_sessao()

    resposta = adicionar(session_id, produto["id"], 4)

    assert resposta.status_code == 200
    assert copia(produto["id"])["estoque"] == "5"  # the catalog's answer refreshed the hint
