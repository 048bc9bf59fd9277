"""Bad input through the gateway answers a clear 4xx in the envelope, never a 500."""

from __future__ import annotations

import pytest
import requests

from tests.support.api_client import novo_produto, staff


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
