"""Orders through the gateway: checkout to a final state, payments, idempotency, cancelling, staff steps."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from tests.support.api_client import acesso, checkout, cliente, corpo_de_pedido, estoque, novo_produto, staff
from tests.support.eventually import eventually

CARTAO_RECUSADO = "4000000000000002"


def historico(gateway: str, produto_id: int) -> list[dict[str, Any]]:
    """The product's stock ledger."""
    resposta = requests.get(f"{gateway}/api/produtos/{produto_id}/estoque/historico", timeout=10)
    movimentos: list[dict[str, Any]] = resposta.json()["data"]
    return movimentos


def test_a_checkout_is_confirmed_with_stock_sold_and_one_approved_transacao(gateway: str) -> None:
    produto = novo_produto(estoque=10, preco="20.00")

    response = checkout([(produto["id"], 3)], espera_s=30)

    assert response.status_code == 200, response.text
    pedido = response.json()["data"]
    assert pedido["status"] == "CONFIRMADO"
    assert pedido["total"] == 60.0
    assert pedido["itens"][0]["preco_unitario"] == "20.00"
    assert [t["status"] for t in pedido["transacoes"]] == ["APROVADA"]
    assert estoque(produto["id"]) == 7
    assert [h["status"] for h in pedido["historico_status"]] == ["PENDENTE", "CONFIRMADO"]


def test_prices_come_from_the_catalog_not_from_the_client(gateway: str) -> None:
    produto = novo_produto(preco="31.40")
    corpo = corpo_de_pedido([(produto["id"], 1)])
    corpo["itens"][0]["preco_unitario"] = "0.01"

    response = requests.post(
        f"{gateway}/api/pedidos", json=corpo, headers={"Idempotency-Key": uuid.uuid4().hex}, timeout=10
    )

    assert response.status_code == 422


def test_a_declined_card_cancels_the_order_and_restores_the_stock_exactly(gateway: str) -> None:
    produto = novo_produto(estoque=8)

    pedido = checkout([(produto["id"], 5)], metodo="cartao", numero_cartao=CARTAO_RECUSADO).json()["data"]

    assert (pedido["status"], pedido["motivo_cancelamento"]) == ("CANCELADO", "PAGAMENTO_RECUSADO")
    assert [t["status"] for t in pedido["transacoes"]] == ["RECUSADA"]
    eventually(lambda: estoque(produto["id"]) == 8, what="stock restored")
    # The stock was 8 before the checkout too: the ledger shows it was taken and given back, once.
    movimentos = [(m["motivo"], m["delta"]) for m in historico(gateway, produto["id"])]
    assert movimentos.count(("reserva", -5)) == 1
    assert movimentos.count(("liberacao", 5)) == 1


def test_twenty_concurrent_checkouts_for_five_units_confirm_exactly_five(gateway: str) -> None:
    produto = novo_produto(estoque=5)

    with ThreadPoolExecutor(max_workers=20) as pool:
        respostas = list(pool.map(lambda _: checkout([(produto["id"], 1)], espera_s=20), range(20)))

    pedidos = [r.json()["data"] for r in respostas]
    assert sorted(p["status"] for p in pedidos) == ["CANCELADO"] * 15 + ["CONFIRMADO"] * 5
    assert {p["motivo_cancelamento"] for p in pedidos if p["status"] == "CANCELADO"} == {
        "ESTOQUE_INSUFICIENTE"
    }
    assert estoque(produto["id"]) == 0
    movimentos = historico(gateway, produto["id"])
    reservas = [m for m in movimentos if m["motivo"] == "reserva"]
    liberacoes = [m for m in movimentos if m["motivo"] == "liberacao"]
    assert len(reservas) == 5
    assert liberacoes == []  # no reservation left behind, none given back twice


def test_the_same_checkout_sent_three_times_with_one_key_creates_one_order(gateway: str) -> None:
    produto = novo_produto(estoque=10)
    chave = uuid.uuid4().hex

    ids = {checkout([(produto["id"], 2)], chave=chave).json()["data"]["id"] for _ in range(3)}

    assert len(ids) == 1
    assert estoque(produto["id"]) == 8


def test_a_different_body_with_a_used_key_is_a_422(gateway: str) -> None:
    produto = novo_produto(estoque=10)
    chave = uuid.uuid4().hex
    checkout([(produto["id"], 1)], chave=chave)

    response = checkout([(produto["id"], 2)], chave=chave)

    assert (response.status_code, response.json()["error"]["code"]) == (422, "IDEMPOTENCY_KEY_REUTILIZADA")


def test_a_customer_cancels_a_confirmed_order_and_gets_stock_back_and_a_refund(gateway: str) -> None:
    produto = novo_produto(estoque=6)
    pedido = checkout([(produto["id"], 4)]).json()["data"]
    assert (pedido["status"], estoque(produto["id"])) == ("CONFIRMADO", 2)

    response = requests.post(
        f"{gateway}/api/pedidos/{pedido['id']}/cancelar", headers=acesso(pedido), timeout=10
    )

    assert response.status_code == 200
    detalhe = requests.get(f"{gateway}/api/pedidos/{pedido['id']}", headers=acesso(pedido), timeout=10)
    detalhe = detalhe.json()["data"]
    assert (detalhe["status"], detalhe["motivo_cancelamento"]) == ("CANCELADO", "CANCELADO_PELO_CLIENTE")
    assert sorted((t["tipo"], t["status"]) for t in detalhe["transacoes"]) == [
        ("ESTORNO", "APROVADA"),
        ("PAGAMENTO", "APROVADA"),
    ]
    eventually(lambda: estoque(produto["id"]) == 6, what="stock released after cancel")


def test_staff_moves_an_order_through_preparation_and_delivery_in_order_only(gateway: str) -> None:
    produto = novo_produto()
    pedido = checkout([(produto["id"], 1)]).json()["data"]
    url = f"{gateway}/api/pedidos/{pedido['id']}"

    pulo = requests.post(f"{url}/status", json={"status": "ENTREGUE"}, headers=staff(), timeout=10)
    por_cliente = requests.post(f"{url}/status", json={"status": "EM_PREPARO"}, headers=cliente(), timeout=10)
    passos = [
        requests.post(f"{url}/status", json={"status": s}, headers=staff(), timeout=10).status_code
        for s in ("EM_PREPARO", "SAIU_PARA_ENTREGA", "ENTREGUE")
    ]
    cancelar_depois = requests.post(f"{url}/cancelar", headers=acesso(pedido), timeout=10)
    mudar_entrega_depois = requests.put(
        f"{url}", json={"entrega": {"endereco": "Outra rua, 2"}}, headers=acesso(pedido), timeout=10
    )

    assert (pulo.status_code, pulo.json()["error"]["status_atual"]) == (409, "CONFIRMADO")
    assert por_cliente.status_code == 403
    assert passos == [200, 200, 200]
    assert cancelar_depois.status_code == 409
    assert mudar_entrega_depois.status_code == 409
    eventos = requests.get(f"{url}/eventos", headers=acesso(pedido), timeout=10).json()["data"]
    assert [e["version"] for e in eventos] == list(range(1, len(eventos) + 1))
    assert eventos[-1]["type"] == "PedidoEntregue"


def test_delivery_data_changes_while_the_order_has_not_left(gateway: str) -> None:
    pedido = checkout([(novo_produto()["id"], 1)]).json()["data"]

    response = requests.put(
        f"{gateway}/api/pedidos/{pedido['id']}",
        json={"entrega": {"endereco": "Avenida Nova, 99"}},
        headers=acesso(pedido),
        timeout=10,
    )

    assert response.status_code == 200
    lido = requests.get(f"{gateway}/api/pedidos/{pedido['id']}", headers=acesso(pedido), timeout=10).json()[
        "data"
    ]
    assert lido["entrega"]["endereco"] == "Avenida Nova, 99"


def test_staff_lists_orders_and_transacoes_with_filters_customers_cannot(gateway: str) -> None:
    produto = novo_produto()
    pedido = checkout([(produto["id"], 1)], metodo="cartao", numero_cartao="4111111111111111").json()["data"]
    recusado = checkout([(produto["id"], 1)], metodo="cartao", numero_cartao=CARTAO_RECUSADO).json()["data"]
    assert (pedido["status"], recusado["status"]) == ("CONFIRMADO", "CANCELADO")

    pedidos = requests.get(
        f"{gateway}/api/pedidos?status=CONFIRMADO&email=teste@example.com", headers=staff(), timeout=10
    )
    transacoes = requests.get(
        f"{gateway}/api/transacoes?pedido_id={pedido['id']}", headers=staff(), timeout=10
    )

    assert pedidos.status_code == 200
    listados = pedidos.json()["data"]
    # Newest first: both orders would be on the first page if the filter let the cancelled one in.
    assert pedido["id"] in [p["id"] for p in listados]
    assert recusado["id"] not in [p["id"] for p in listados]
    assert {p["status"] for p in listados} == {"CONFIRMADO"}
    assert [t["metodo"] for t in transacoes.json()["data"]] == ["cartao"]
    assert requests.get(f"{gateway}/api/pedidos", timeout=10).status_code == 401
    assert requests.get(f"{gateway}/api/transacoes", headers=cliente(), timeout=10).status_code == 403


def test_the_card_number_is_never_stored_only_its_last_digits(gateway: str) -> None:
    produto = novo_produto()
    pedido = checkout([(produto["id"], 1)], metodo="cartao", numero_cartao="4111111111111111").json()["data"]

    eventos = requests.get(f"{gateway}/api/pedidos/{pedido['id']}/eventos", headers=staff(), timeout=10).text

    assert "4111111111111111" not in eventos
    assert '"cartao_final":"1111"' in eventos.replace(" ", "")


@pytest.mark.parametrize(
    ("mudar", "status", "code"),
    [
        (lambda c: c.update(itens=[]), 422, "ENTRADA_INVALIDA"),
        (lambda c: c["itens"][0].update(quantidade=0), 422, "ENTRADA_INVALIDA"),
        (lambda c: c["itens"][0].update(quantidade=-2), 422, "ENTRADA_INVALIDA"),
        (lambda c: c["itens"][0].update(produto_id=987654), 422, "PRODUTO_INEXISTENTE"),
        (lambda c: c["cliente"].update(email="nao-e-email"), 422, "ENTRADA_INVALIDA"),
        (lambda c: c["pagamento"].update(metodo="boleto"), 422, "ENTRADA_INVALIDA"),
        (lambda c: c.update(pagamento={"metodo": "cartao"}), 422, "ENTRADA_INVALIDA"),
    ],
)
def test_bad_orders_are_refused_and_create_nothing(
    gateway: str, mudar: Callable[[dict[str, Any]], None], status: int, code: str
) -> None:
    produto = novo_produto()
    corpo = corpo_de_pedido([(produto["id"], 1)])
    mudar(corpo)
    chave = uuid.uuid4().hex

    response = requests.post(
        f"{gateway}/api/pedidos", json=corpo, headers={"Idempotency-Key": chave}, timeout=10
    )

    assert (response.status_code, response.json()["error"]["code"]) == (status, code)
    # Had the refused body created an order, its key would now be taken: a valid body sent with the
    # same key would be a 422 IDEMPOTENCY_KEY_REUTILIZADA instead of a new order.
    valido = checkout([(produto["id"], 1)], espera_s=0, chave=chave)
    assert valido.status_code in (200, 202), valido.text
    assert valido.json()["data"]["id"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/pedidos/nao-e-uuid", 400),
        (f"/api/pedidos/{uuid.uuid4()}", 404),
        (f"/api/pedidos/{uuid.uuid4()}/eventos", 404),
    ],
)
def test_unknown_or_malformed_order_ids_are_4xx(gateway: str, path: str, status: int) -> None:
    assert requests.get(f"{gateway}{path}", timeout=10).status_code == status


def test_malformed_json_to_checkout_is_a_400(gateway: str) -> None:
    response = requests.post(
        f"{gateway}/api/pedidos",
        data="{ruim",
        headers={"Content-Type": "application/json", "Idempotency-Key": "x1"},
        timeout=10,
    )

    assert (response.status_code, response.json()["error"]["code"]) == (400, "JSON_INVALIDO")
