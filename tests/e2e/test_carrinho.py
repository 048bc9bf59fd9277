"""The cart through the gateway: the seed's calls, atomic lines, catalog copies, checkout."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.support.api_client import (
    adicionar,
    carrinho,
    dados_de_checkout,
    estoque,
    nova_sessao,
    novo_produto,
    staff,
)
from tests.support.eventually import eventually


def test_the_seed_calls_create_add_and_read_with_exact_totals(gateway: str) -> None:
    session_id = nova_sessao()
    preco = requests.get(f"{gateway}/api/produtos/1", timeout=10).json()["data"]["preco"]

    response = adicionar(session_id, 1, 2)
    lido = carrinho(session_id)

    assert response.status_code == 200
    [linha] = lido["itens"]
    assert (linha["nome"], linha["quantidade"], linha["preco_unitario"]) == ("Bolo de Chocolate", 2, preco)
    assert lido["total"] == round(preco * 2, 2)
    assert lido["quantidade_itens"] == 2


def test_adding_to_an_existing_line_sums_and_totals_stay_exact(gateway: str) -> None:
    produto = novo_produto(estoque=50, preco="0.10")
    session_id = nova_sessao()

    for _ in range(3):
        adicionar(session_id, produto["id"], 1)

    lido = carrinho(session_id)
    assert lido["itens"][0]["quantidade"] == 3
    assert lido["total"] == 0.3  # 0.1 * 3 in floats would be 0.30000000000000004


def test_a_hundred_concurrent_adds_to_one_line_stop_exactly_at_the_cap(gateway: str) -> None:
    produto = novo_produto(estoque=1000)
    session_id = nova_sessao()

    with ThreadPoolExecutor(max_workers=25) as pool:
        statuses = list(pool.map(lambda _: adicionar(session_id, produto["id"], 1).status_code, range(100)))

    assert statuses.count(200) == 99
    assert statuses.count(409) == 1
    assert carrinho(session_id)["itens"][0]["quantidade"] == 99


def test_lines_are_edited_removed_and_the_cart_discarded(gateway: str) -> None:
    session_id = nova_sessao()
    adicionar(session_id, 1, 1)
    adicionar(session_id, 7, 2)
    base = f"{gateway}/api/carrinho/{session_id}"

    assert (
        requests.put(f"{base}/itens/7", json={"quantidade": 5}, timeout=10).json()["data"]["quantidade_itens"]
        == 6
    )
    assert (
        requests.put(f"{base}/itens/7", json={"quantidade": 0}, timeout=10).json()["data"]["quantidade_itens"]
        == 1
    )
    assert requests.delete(f"{base}/itens/1", timeout=10).json()["data"]["itens"] == []
    assert requests.put(f"{base}/itens/1", json={"quantidade": 2}, timeout=10).status_code == 404
    assert requests.delete(base, timeout=10).status_code == 200
    assert requests.get(base, timeout=10).status_code == 404


def test_a_price_change_and_a_deactivation_reach_the_cart_as_flags(gateway: str) -> None:
    produto = novo_produto(estoque=10, preco="10.00")
    session_id = nova_sessao()
    adicionar(session_id, produto["id"], 2)

    requests.put(
        f"{gateway}/api/produtos/{produto['id']}",
        json={"preco": "12.00", "versao": 1},
        headers=staff(),
        timeout=10,
    )
    linha = eventually(
        lambda: carrinho(session_id)["itens"][0]["preco_alterado"] and carrinho(session_id)["itens"][0]
    )
    assert (linha["preco_unitario"], linha["preco_quando_adicionado"]) == (12.0, 10.0)

    requests.delete(f"{gateway}/api/produtos/{produto['id']}", headers=staff(), timeout=10)
    eventually(lambda: carrinho(session_id)["itens"][0]["disponivel"] is False, what="deactivation flagged")
    assert carrinho(session_id)["total"] == 0


@pytest.mark.parametrize(
    ("corpo", "status", "code"),
    [
        ({"produto_id": 987654, "quantidade": 1}, 404, "PRODUTO_NAO_ENCONTRADO"),
        ({"produto_id": 1, "quantidade": 0}, 422, "ENTRADA_INVALIDA"),
        ({"produto_id": 1, "quantidade": -3}, 422, "ENTRADA_INVALIDA"),
        ({"produto_id": 1, "quantidade": "2"}, 422, "ENTRADA_INVALIDA"),
        ({"produto_id": 1, "quantidade": 2.5}, 422, "ENTRADA_INVALIDA"),
        ({"produto_id": "um", "quantidade": 1}, 422, "ENTRADA_INVALIDA"),
        ({"produto_id": 1, "quantidade": 1000}, 409, "ESTOQUE_INSUFICIENTE"),
    ],
)
def test_bad_adds_are_clear_4xx_and_leave_the_cart_as_it_was(
    gateway: str, corpo: dict, status: int, code: str
) -> None:
    session_id = nova_sessao()
    assert adicionar(session_id, 1, 2).status_code == 200

    response = requests.post(f"{gateway}/api/carrinho/{session_id}/adicionar", json=corpo, timeout=10)

    assert (response.status_code, response.json()["error"]["code"]) == (status, code)
    assert [(i["produto_id"], i["quantidade"]) for i in carrinho(session_id)["itens"]] == [(1, 2)]


def test_malformed_json_unknown_and_malformed_sessions_are_4xx(gateway: str) -> None:
    session_id = nova_sessao()
    ruim = requests.post(
        f"{gateway}/api/carrinho/{session_id}/adicionar",
        data="{x",
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    desconhecida = adicionar("0" * 32, 1, 1)
    malformada = adicionar("xyz", 1, 1)

    assert (ruim.status_code, ruim.json()["error"]["code"]) == (400, "JSON_INVALIDO")
    assert (desconhecida.status_code, desconhecida.json()["error"]["code"]) == (404, "SESSAO_NAO_ENCONTRADA")
    assert malformada.status_code == 400


def test_checkout_confirms_the_order_empties_the_cart_and_a_retry_finds_the_same_order(gateway: str) -> None:
    produto = novo_produto(estoque=10, preco="15.00")
    session_id = nova_sessao()
    adicionar(session_id, produto["id"], 3)
    url = f"{gateway}/api/carrinho/{session_id}/checkout"

    response = requests.post(url, json=dados_de_checkout(), headers={"Prefer": "wait=30"}, timeout=60)

    pedido = response.json()["data"]
    assert response.status_code == 200
    assert pedido["status"] == "CONFIRMADO"
    assert [h["status"] for h in pedido["historico_status"]] == ["PENDENTE", "CONFIRMADO"]
    assert pedido["total"] == 45.0
    assert [t["status"] for t in pedido["transacoes"]] == ["APROVADA"]
    assert estoque(produto["id"]) == 7
    eventually(lambda: carrinho(session_id)["itens"] == [], what="cart emptied")
    retry = requests.post(url, json=dados_de_checkout(), timeout=30)
    assert retry.json()["data"]["id"] == pedido["id"]


def test_a_cart_whose_payment_is_declined_reopens_with_its_lines(gateway: str) -> None:
    session_id = nova_sessao()
    adicionar(session_id, novo_produto()["id"], 1)

    response = requests.post(
        f"{gateway}/api/carrinho/{session_id}/checkout",
        json=dados_de_checkout("cartao", "4000000000000002"),
        headers={"Prefer": "wait=5"},
        timeout=30,
    )

    cancelado = response.json()["data"]
    assert cancelado["status"] == "CANCELADO"
    lido = eventually(lambda: carrinho(session_id)["estado"] == "ABERTO" and carrinho(session_id))
    assert lido["itens"][0]["quantidade"] == 1
    # It was ABERTO before the checkout too: a checkout now proves it reopened, since a cart still
    # closed would answer with the cancelled order again.
    de_novo = requests.post(
        f"{gateway}/api/carrinho/{session_id}/checkout",
        json=dados_de_checkout(),
        headers={"Prefer": "wait=30"},
        timeout=60,
    ).json()["data"]
    assert de_novo["id"] != cancelado["id"]
    assert de_novo["status"] == "CONFIRMADO"


def test_an_empty_cart_cannot_be_checked_out(gateway: str) -> None:
    response = requests.post(
        f"{gateway}/api/carrinho/{nova_sessao()}/checkout", json=dados_de_checkout(), timeout=10
    )

    assert (response.status_code, response.json()["error"]["code"]) == (422, "CARRINHO_VAZIO")


def test_cart_events_reach_the_event_store(gateway: str) -> None:
    session_id = nova_sessao()
    adicionar(session_id, 1, 1)

    def guardados() -> set[tuple[str, str]]:
        filtro = {"tipo": "ItemAdicionadoAoCarrinho", "agregado_id": session_id}
        eventos = requests.get(f"{gateway}/api/eventos", params=filtro, headers=staff(), timeout=10).json()
        return {(e["type"], e["aggregate_id"]) for e in eventos["data"]}

    eventually(lambda: ("ItemAdicionadoAoCarrinho", session_id) in guardados(), what="the event stored")
