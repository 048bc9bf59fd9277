"""Bad input through the gateway answers a clear 4xx in the envelope, never a 500."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import requests

from tests.support.api_client import corpo_de_pedido, dados_de_checkout, nova_sessao, novo_produto, staff


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/produtos?categoria_id=abc", "categoria_id"),
        ("/api/produtos?categoria_id=-1", "categoria_id"),
        ("/api/produtos?preco_max=muito", "preco_max"),
        ("/api/produtos?preco_max=10.001", "preco_max"),
        ("/api/produtos?em_estoque=talvez", "em_estoque"),
        ("/api/pedidos?pagina=0", "pagina"),
        ("/api/pedidos?por_pagina=x", "por_pagina"),
        ("/api/eventos?limite=-5", "limite"),
    ],
)
def test_a_malformed_query_parameter_is_a_400_naming_it(gateway: str, path: str, parameter: str) -> None:
    # As staff: the events routes answer 401 before they look at the parameters.
    response = requests.get(f"{gateway}{path}", headers=staff(), timeout=10)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "PARAMETRO_INVALIDO"
    assert response.json()["error"]["parametro"] == parameter


def test_em_estoque_false_lists_only_products_out_of_stock(gateway: str) -> None:
    esgotado, com_estoque = novo_produto(estoque=0), novo_produto(estoque=3)

    # Fresh data: the gateway's micro-cache may hold a page read before the writes.
    response = requests.get(
        f"{gateway}/api/produtos",
        params={"em_estoque": "false", "ids": f"{esgotado['id']},{com_estoque['id']}"},
        headers={"Cache-Control": "no-cache"},
        timeout=10,
    )
    sem_filtro = requests.get(
        f"{gateway}/api/produtos",
        params={"ids": f"{esgotado['id']},{com_estoque['id']}"},
        headers={"Cache-Control": "no-cache"},
        timeout=10,
    )

    assert response.status_code == 200
    assert [p["id"] for p in response.json()["data"]] == [esgotado["id"]]
    assert response.json()["data"][0]["estoque"] == 0
    assert sorted(p["id"] for p in sem_filtro.json()["data"]) == sorted([esgotado["id"], com_estoque["id"]])


def test_a_malformed_cart_session_id_is_a_400(gateway: str) -> None:
    response = requests.get(f"{gateway}/api/carrinho/nao-e-um-id", timeout=10)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "PARAMETRO_INVALIDO"
    assert response.json()["error"]["parametro"] == "session_id"


def test_an_unknown_cart_session_is_a_404(gateway: str) -> None:
    response = requests.get(f"{gateway}/api/carrinho/{'0' * 32}", timeout=10)

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "SESSAO_NAO_ENCONTRADA"


def test_a_method_a_route_does_not_have_is_a_json_405(gateway: str) -> None:
    response = requests.delete(f"{gateway}/api/categorias", timeout=10)

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "METODO_NAO_PERMITIDO"


def _recusado_no_envelope(response: requests.Response) -> dict[str, Any]:
    assert 400 <= response.status_code < 500, response.text
    corpo = response.json()
    assert corpo["success"] is False
    return dict(corpo["error"])


def test_a_nul_in_the_search_is_a_400_naming_the_parameter(gateway: str) -> None:
    response = requests.get(f"{gateway}/api/produtos", params={"busca": "pao\x00queijo"}, timeout=10)

    erro = _recusado_no_envelope(response)
    assert response.status_code == 400
    assert (erro["code"], erro["campo"]) == ("CARACTERE_DE_CONTROLE", "busca")


@pytest.mark.parametrize(
    ("caminho", "corpo"),
    [
        ("/api/produtos", {"nome": "Bolo\x00", "preco": "10.00", "categoria_id": 1}),
        ("/api/categorias", {"nome": "Doces\x00finos"}),
    ],
)
def test_a_nul_in_a_catalog_name_is_a_400_and_nothing_is_created(
    gateway: str, caminho: str, corpo: dict[str, Any]
) -> None:
    response = requests.post(f"{gateway}{caminho}", json=corpo, headers=staff(), timeout=10)

    erro = _recusado_no_envelope(response)
    assert (erro["code"], erro["campo"]) == ("CARACTERE_DE_CONTROLE", "nome")


def test_a_nul_in_a_product_name_change_is_a_400(gateway: str) -> None:
    produto = novo_produto()

    response = requests.put(
        f"{gateway}/api/produtos/{produto['id']}",
        json={"nome": "Bolo\x00", "versao": produto["versao"]},
        headers=staff(),
        timeout=10,
    )

    assert _recusado_no_envelope(response)["code"] == "CARACTERE_DE_CONTROLE"


def test_a_nul_in_an_order_customer_name_is_a_400_and_no_order(gateway: str) -> None:
    corpo = corpo_de_pedido([(1, 1)])
    corpo["cliente"]["nome"] = "Cliente\x00de Teste"

    response = requests.post(
        f"{gateway}/api/pedidos", json=corpo, headers={"Idempotency-Key": uuid.uuid4().hex}, timeout=10
    )

    erro = _recusado_no_envelope(response)
    assert (erro["code"], erro["campo"]) == ("CARACTERE_DE_CONTROLE", "cliente.nome")


def test_a_nul_in_a_checkout_customer_name_is_a_400_from_the_cart_not_a_503(gateway: str) -> None:
    sessao = nova_sessao()
    dados = dados_de_checkout()
    dados["cliente"]["nome"] = "Cliente\x00de Teste"

    response = requests.post(f"{gateway}/api/carrinho/{sessao}/checkout", json=dados, timeout=10)

    erro = _recusado_no_envelope(response)
    assert (erro["code"], erro["campo"]) == ("CARACTERE_DE_CONTROLE", "cliente.nome")


@pytest.mark.parametrize("sessao", ["%00", f"{'0' * 16}%00{'0' * 15}", "%01", "abc%0Adef"])
def test_a_control_character_in_the_cart_session_path_is_a_400(gateway: str, sessao: str) -> None:
    # Nginx refuses a NUL in the path itself; the cart's guard refuses every other control character.
    response = requests.get(f"{gateway}/api/carrinho/{sessao}", timeout=10)

    assert response.status_code == 400
    assert _recusado_no_envelope(response)["code"] in ("REQUISICAO_INVALIDA", "CARACTERE_DE_CONTROLE")


def test_a_stock_history_moment_with_an_offset_beyond_postgresql_is_a_400(gateway: str) -> None:
    url = f"{gateway}/api/produtos/1/estoque/historico"

    fora = requests.get(url, params={"em": "0453-06-15T12:00:00-19:37"}, timeout=10)
    normalizado = requests.get(url, params={"em": "2026-06-15T12:00:00-19:37"}, timeout=10)

    assert fora.status_code == 400
    assert _recusado_no_envelope(fora)["parametro"] == "em"
    assert normalizado.status_code == 200, normalizado.text
    assert normalizado.json()["data"]["em"] == "2026-06-16T07:37:00+00:00"


def test_a_transaction_filter_by_an_order_id_that_is_not_a_uuid_is_a_400(gateway: str) -> None:
    response = requests.get(
        f"{gateway}/api/transacoes", params={"pedido_id": "0" * 36}, headers=staff(), timeout=10
    )

    assert response.status_code == 400
    assert _recusado_no_envelope(response)["parametro"] == "pedido_id"


def test_a_query_string_as_long_as_the_gateway_allows_is_answered_in_the_envelope(gateway: str) -> None:
    # Gunicorn's default limit (4094 bytes) used to answer these with an HTML page of its own.
    response = requests.get(f"{gateway}/api/produtos", params={"busca": "a" * 6000}, timeout=10)

    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("application/json")
    assert _recusado_no_envelope(response)["code"] == "PARAMETRO_INVALIDO"


def test_a_nul_in_an_admin_panel_form_field_is_a_400(gateway: str) -> None:
    response = requests.post(
        f"{gateway}/admin/login",
        data={"usuario": "admin\x00", "senha": "qualquer"},
        allow_redirects=False,
        timeout=10,
    )

    erro = _recusado_no_envelope(response)
    assert (erro["code"], erro["campo"], erro["local"]) == ("CARACTERE_DE_CONTROLE", "usuario", "formulario")
