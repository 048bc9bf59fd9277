"""Customers own their carts and orders: anyone else gets 404, staff excepted; tokens are checked hard."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from tests.support import compose
from tests.support.api_client import (
    SENHA_DE_CLIENTE,
    acesso,
    adicionar,
    checkout,
    dados_de_checkout,
    nova_sessao,
    novo_cliente,
    novo_produto,
    staff,
)
from tests.support.tokens import assinado, bearer, claims, segredo_da_pilha

NINGUEM: dict[str, str] = {}


def pedido_de(cliente: dict[str, str], gateway: str) -> dict[str, Any]:
    """A confirmed order made by this customer through their own cart."""
    sessao = requests.post(f"{gateway}/api/carrinho/sessao", headers=cliente, timeout=10).json()["data"]
    produto = novo_produto()
    url = f"{gateway}/api/carrinho/{sessao['session_id']}"
    assert requests.post(
        f"{url}/adicionar", json={"produto_id": produto["id"], "quantidade": 1}, headers=cliente, timeout=10
    ).ok
    resposta = requests.post(
        f"{url}/checkout", json=dados_de_checkout(), headers={**cliente, "Prefer": "wait=10"}, timeout=30
    )
    assert resposta.status_code == 200, resposta.text
    pedido: dict[str, Any] = resposta.json()["data"]
    return pedido


def tentativas_sobre_o_pedido(gateway: str, pedido_id: str, headers: dict[str, str]) -> list[int]:
    """Read, events, transações, change and cancel of one order, as the given caller: the statuses."""
    url = f"{gateway}/api/pedidos/{pedido_id}"
    return [
        requests.get(url, headers=headers, timeout=10).status_code,
        requests.get(f"{url}/eventos", headers=headers, timeout=10).status_code,
        requests.get(f"{url}/transacoes", headers=headers, timeout=10).status_code,
        requests.put(
            url, json={"entrega": {"endereco": "Rua do Ladrão, 1"}}, headers=headers, timeout=10
        ).status_code,
        requests.post(f"{url}/cancelar", headers=headers, timeout=10).status_code,
    ]


def test_another_customers_order_is_404_for_read_events_change_and_cancel(gateway: str) -> None:
    dono, _ = novo_cliente()
    intruso, _ = novo_cliente()
    pedido = pedido_de(dono, gateway)

    assert tentativas_sobre_o_pedido(gateway, pedido["id"], intruso) == [404] * 5
    assert tentativas_sobre_o_pedido(gateway, pedido["id"], NINGUEM) == [404] * 5
    assert tentativas_sobre_o_pedido(gateway, pedido["id"], {"X-Pedido-Token": "x" * 43}) == [404] * 5
    lido = requests.get(f"{gateway}/api/pedidos/{pedido['id']}", headers=dono, timeout=10).json()["data"]
    assert (lido["status"], lido["entrega"]["endereco"]) == ("CONFIRMADO", "Rua das Flores, 10")


def test_a_customers_order_is_open_to_them_and_to_staff_and_listed_as_theirs(gateway: str) -> None:
    dono, conta = novo_cliente()
    pedido = pedido_de(dono, gateway)

    assert "token_de_acesso" not in pedido
    assert (
        requests.get(f"{gateway}/api/pedidos/{pedido['id']}", headers=staff(), timeout=10).status_code == 200
    )
    meus = requests.get(f"{gateway}/api/clientes/eu/pedidos", headers=dono, timeout=10).json()
    assert [p["id"] for p in meus["data"]] == [pedido["id"]]
    eu = requests.get(f"{gateway}/api/clientes/eu", headers=dono, timeout=10).json()["data"]
    assert eu == conta
    assert (
        requests.post(f"{gateway}/api/pedidos/{pedido['id']}/cancelar", headers=dono, timeout=10).status_code
        == 200
    )


def test_a_guests_order_opens_with_its_access_token_and_with_nothing_else(gateway: str) -> None:
    pedido = checkout([(novo_produto()["id"], 1)]).json()["data"]
    outro = checkout([(novo_produto()["id"], 1)]).json()["data"]
    url = f"{gateway}/api/pedidos/{pedido['id']}"

    assert requests.get(url, headers=acesso(pedido), timeout=10).status_code == 200
    assert requests.get(url, headers=acesso(outro), timeout=10).status_code == 404
    assert requests.get(url, timeout=10).status_code == 404


def test_a_guest_carts_checkout_answers_the_orders_access_token(gateway: str) -> None:
    sessao = nova_sessao()
    assert adicionar(sessao, novo_produto()["id"], 1).ok

    resposta = requests.post(
        f"{gateway}/api/carrinho/{sessao}/checkout",
        json=dados_de_checkout(),
        headers={"Prefer": "wait=10"},
        timeout=30,
    )

    pedido = resposta.json()["data"]
    assert resposta.status_code == 200
    lido = requests.get(f"{gateway}/api/pedidos/{pedido['id']}", headers=acesso(pedido), timeout=10)
    assert lido.json()["data"]["status"] == "CONFIRMADO"


def test_another_customers_cart_is_404_for_every_cart_route(gateway: str) -> None:
    dono, _ = novo_cliente()
    intruso, _ = novo_cliente()
    produto = novo_produto()
    sessao = requests.post(f"{gateway}/api/carrinho/sessao", headers=dono, timeout=10).json()["data"][
        "session_id"
    ]
    url = f"{gateway}/api/carrinho/{sessao}"
    item = {"produto_id": produto["id"], "quantidade": 1}
    assert requests.post(f"{url}/adicionar", json=item, headers=dono, timeout=10).status_code == 200

    for quem in (intruso, NINGUEM):
        assert [
            requests.get(url, headers=quem, timeout=10).status_code,
            requests.post(f"{url}/adicionar", json=item, headers=quem, timeout=10).status_code,
            requests.put(
                f"{url}/itens/{produto['id']}", json={"quantidade": 3}, headers=quem, timeout=10
            ).status_code,
            requests.delete(f"{url}/itens/{produto['id']}", headers=quem, timeout=10).status_code,
            requests.post(f"{url}/checkout", json=dados_de_checkout(), headers=quem, timeout=30).status_code,
            requests.delete(url, headers=quem, timeout=10).status_code,
        ] == [404] * 6
    carrinho = requests.get(url, headers=dono, timeout=10).json()["data"]
    assert [(i["produto_id"], i["quantidade"]) for i in carrinho["itens"]] == [(produto["id"], 1)]
    assert requests.get(url, headers=staff(), timeout=10).status_code == 200


def test_two_checkouts_of_one_cart_racing_with_different_data_make_one_order(gateway: str) -> None:
    sessao = nova_sessao()
    assert adicionar(sessao, novo_produto(estoque=20)["id"], 2).ok
    corpos = []
    for nome in ("Primeira Pessoa", "Segunda Pessoa", "Terceira Pessoa", "Quarta Pessoa"):
        corpo = dados_de_checkout()
        corpo["cliente"]["nome"] = nome
        corpos.append(corpo)

    def finalizar(corpo: dict[str, Any]) -> requests.Response:
        url = f"{gateway}/api/carrinho/{sessao}/checkout"
        return requests.post(url, json=corpo, headers={"Prefer": "wait=10"}, timeout=30)

    with ThreadPoolExecutor(len(corpos)) as pool:
        respostas = list(pool.map(finalizar, corpos))

    assert {r.status_code for r in respostas} <= {200, 202}, [r.text for r in respostas]
    assert len({r.json()["data"]["id"] for r in respostas}) == 1


def test_logout_ends_the_token_everywhere(gateway: str) -> None:
    cliente, _ = novo_cliente()
    assert requests.get(f"{gateway}/api/clientes/eu", headers=cliente, timeout=10).status_code == 200

    assert requests.post(f"{gateway}/api/auth/logout", headers=cliente, timeout=10).status_code == 200

    depois = requests.get(f"{gateway}/api/clientes/eu", headers=cliente, timeout=10)
    assert (depois.status_code, depois.json()["error"]["code"]) == (401, "TOKEN_REVOGADO")
    carrinho = requests.post(f"{gateway}/api/carrinho/sessao", headers=cliente, timeout=10)
    assert carrinho.status_code == 401


@pytest.mark.parametrize(
    ("nome", "forjar"),
    [
        ("wrong algorithm", lambda segredo: assinado(claims(), segredo, "HS512")),
        ("no algorithm", lambda segredo: assinado(claims(), segredo, "none")),
        ("another secret", lambda _: assinado(claims(), "outro-segredo-qualquer-com-32-caracteres")),
        (
            "expired",
            lambda segredo: assinado(claims(iat=int(time.time()) - 7200, exp=int(time.time()) - 60), segredo),
        ),
        ("another audience", lambda segredo: assinado(claims(aud="pedido"), segredo)),
        ("no token id", lambda segredo: assinado({k: v for k, v in claims().items() if k != "jti"}, segredo)),
        ("not a token", lambda _: "isto-nao-e-um-token"),
    ],
)
def test_a_forged_or_stale_token_is_401_on_staff_and_customer_routes(
    gateway: str, nome: str, forjar: Callable[[str], str]
) -> None:
    headers = bearer(forjar(segredo_da_pilha()))

    assert requests.get(f"{gateway}/api/pedidos", headers=headers, timeout=10).status_code == 401, nome
    assert requests.get(f"{gateway}/api/clientes/eu", headers=headers, timeout=10).status_code == 401, nome
    assert requests.post(f"{gateway}/api/carrinho/sessao", headers=headers, timeout=10).status_code == 401, (
        nome
    )


def test_the_same_claims_signed_properly_are_accepted(gateway: str) -> None:
    # The control of the test above: the forgeries fail for what they change, not for their form.
    headers = bearer(assinado(claims(), segredo_da_pilha()))

    assert requests.get(f"{gateway}/api/pedidos", headers=headers, timeout=10).status_code == 200


def test_a_customer_account_waits_after_five_wrong_passwords_even_for_the_right_one(stack: None) -> None:
    # Straight to the orders service: the gateway's own per-address login limit is tested apart.
    pedidos = compose.service_url("PEDIDOS_PORT")
    _, conta = novo_cliente()
    errada = {"email": conta["email"], "senha": "senha-errada-000"}

    erros = [
        requests.post(f"{pedidos}/api/clientes/login", json=errada, timeout=10).status_code for _ in range(5)
    ]
    certa = requests.post(
        f"{pedidos}/api/clientes/login", json={"email": conta["email"], "senha": SENHA_DE_CLIENTE}, timeout=10
    )

    assert erros == [401] * 5
    assert (certa.status_code, certa.json()["error"]["code"]) == (429, "MUITAS_TENTATIVAS")
    assert int(certa.headers["Retry-After"]) >= 1
    time.sleep(int(certa.headers["Retry-After"]) + 0.5)
    depois = requests.post(
        f"{pedidos}/api/clientes/login", json={"email": conta["email"], "senha": SENHA_DE_CLIENTE}, timeout=10
    )
    assert depois.status_code == 200


def test_signing_up_twice_with_one_email_is_a_409_and_a_short_password_a_422(gateway: str) -> None:
    _, conta = novo_cliente()
    de_novo = {"nome": "Outra", "email": conta["email"].upper(), "senha": SENHA_DE_CLIENTE}
    curta = {"nome": "Outra", "email": f"x-{uuid.uuid4().hex[:8]}@example.com", "senha": "curta"}

    assert requests.post(f"{gateway}/api/clientes", json=de_novo, timeout=10).status_code == 409
    assert requests.post(f"{gateway}/api/clientes", json=curta, timeout=10).status_code == 422


def test_a_customer_route_without_a_token_is_a_401_naming_the_customer_login(gateway: str) -> None:
    response = requests.get(f"{gateway}/api/clientes/eu/pedidos", timeout=10)

    erro = response.json()["error"]
    assert (response.status_code, erro["code"]) == (401, "NAO_AUTENTICADO")
    assert erro["login"] == ["POST /api/clientes/login"]
    assert "POST /api/clientes/login" in erro["message"]
