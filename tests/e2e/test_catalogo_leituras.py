"""Catalog reads through the gateway: filters, Portuguese search, order, pages, details, ETags."""

from __future__ import annotations

import pytest
import requests

from tests.support import compose
from tests.support.api_client import SEM_CACHE, novo_produto, staff
from tests.support.eventually import eventually


def produtos(gateway: str, query: str) -> dict:
    response = requests.get(f"{gateway}/api/produtos?{query}", timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def test_search_ignores_accents_and_finds_pao_de_queijo(gateway: str) -> None:
    nomes = [p["nome"] for p in produtos(gateway, "busca=pao de queijo")["data"]]

    assert "Pão de Queijo" in nomes


def test_filters_combine_category_price_range_and_stock(gateway: str) -> None:
    body = produtos(gateway, "categoria_id=2&preco_min=4.50&preco_max=7&em_estoque=true")

    assert body["total"] == len(body["data"]) > 0
    assert all(p["categoria_id"] == 2 and 4.5 <= p["preco"] <= 7 and p["estoque"] > 0 for p in body["data"])


def test_products_order_by_price_descending(gateway: str) -> None:
    precos = [p["preco"] for p in produtos(gateway, "ordenar=preco&direcao=desc&por_pagina=10")["data"]]

    assert len(set(precos)) > 1  # an order that can be wrong
    assert precos == sorted(precos, reverse=True)


def test_pages_split_the_list_and_total_counts_all_matches(gateway: str) -> None:
    primeira = produtos(gateway, "por_pagina=5&pagina=1")
    segunda = produtos(gateway, "por_pagina=5&pagina=2")

    assert len(primeira["data"]) == len(segunda["data"]) == 5
    assert primeira["total"] == segunda["total"] >= 30
    assert not {p["id"] for p in primeira["data"]} & {p["id"] for p in segunda["data"]}


def test_a_product_is_read_by_id_and_an_unknown_one_is_404(gateway: str) -> None:
    assert requests.get(f"{gateway}/api/produtos/1", timeout=10).json()["data"]["nome"] == "Bolo de Chocolate"

    missing = requests.get(f"{gateway}/api/produtos/987654", timeout=10)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "PRODUTO_NAO_ENCONTRADO"


def test_the_stock_check_answers_whether_the_quantity_is_available(gateway: str) -> None:
    produto = novo_produto(estoque=5)
    url = f"{gateway}/api/produtos/{produto['id']}/estoque"

    bastam = requests.get(url, params={"quantidade": 5}, timeout=10).json()["data"]
    faltam = requests.get(url, params={"quantidade": 6}, timeout=10).json()["data"]

    assert (bastam["produto_id"], bastam["estoque"], bastam["disponivel"]) == (produto["id"], 5, True)
    assert (faltam["estoque"], faltam["disponivel"]) == (5, False)


def test_a_product_read_again_with_its_etag_is_a_304(gateway: str) -> None:
    first = requests.get(f"{gateway}/api/produtos/2", timeout=10)

    again = requests.get(
        f"{gateway}/api/produtos/2", headers={"If-None-Match": first.headers["ETag"]}, timeout=10
    )

    assert again.status_code == 304


@pytest.mark.parametrize(
    ("query", "parametro"),
    [
        ("por_pagina=1000", "por_pagina"),
        ("ordenar=cor", "ordenar"),
        ("direcao=cima", "direcao"),
        ("preco_min=-1", "preco_min"),
        ("categoria=1", "categoria"),
        ("pagina=abc", "pagina"),
    ],
)
def test_bad_list_parameters_are_400s_naming_the_parameter(gateway: str, query: str, parametro: str) -> None:
    response = requests.get(f"{gateway}/api/produtos?{query}", timeout=10)

    assert response.status_code == 400
    assert response.json()["error"]["parametro"] == parametro


@pytest.mark.parametrize(
    "path", ["/api/produtos/abc", "/api/produtos/0/estoque", "/api/produtos/1/estoque?quantidade=0"]
)
def test_bad_ids_and_quantities_in_reads_are_400s(gateway: str, path: str) -> None:
    response = requests.get(f"{gateway}{path}", timeout=10)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "PARAMETRO_INVALIDO"


def test_the_openapi_document_and_swagger_ui_are_published(gateway: str) -> None:
    spec = requests.get(f"{gateway}/api/docs/openapi.json", timeout=10).json()
    ui = requests.get(f"{gateway}/api/docs/swagger", timeout=10)

    assert "/api/produtos/{produto_id}/estoque" in spec["paths"]
    assert "OperacaoEstoque" in spec["components"]["schemas"]
    assert ui.status_code == 200
    assert "swagger" in ui.text.lower()


def test_the_replica_app_reads_but_refuses_writes_with_somente_leitura(stack: None) -> None:
    replica = compose.service_url("CATALOGO_REPLICA_PORT")

    assert requests.get(f"{replica}/api/produtos?busca=bolo", timeout=10).status_code == 200
    response = requests.put(
        f"{replica}/api/produtos/1/estoque", json={"quantidade": 1, "operacao": "remover"}, timeout=10
    )
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "SOMENTE_LEITURA"


@pytest.mark.parametrize("caminho", ["", "/estoque"])
def test_an_anonymous_product_or_stock_read_is_micro_cached_and_a_reload_or_staff_read_is_fresh(
    gateway: str, caminho: str
) -> None:
    produto = novo_produto(estoque=5)
    url = f"{gateway}/api/produtos/{produto['id']}{caminho}"
    primeira = requests.get(url, timeout=10)
    requests.put(
        f"{gateway}/api/produtos/{produto['id']}/estoque",
        json={"quantidade": 2, "operacao": "remover"},
        headers=staff(),
        timeout=10,
    ).raise_for_status()

    recarregada = requests.get(url, headers=SEM_CACHE, timeout=10)
    da_equipe = requests.get(url, headers=staff(), timeout=10)

    assert (primeira.headers["X-Cache-Status"], primeira.json()["data"]["estoque"]) == ("MISS", 5)
    assert (recarregada.headers["X-Cache-Status"], recarregada.json()["data"]["estoque"]) == ("BYPASS", 3)
    assert (da_equipe.headers["X-Cache-Status"], da_equipe.json()["data"]["estoque"]) == ("BYPASS", 3)
    # The micro-cache keeps an answer for 1 s: anonymous readers see the change soon after.
    eventually(lambda: requests.get(url, timeout=10).json()["data"]["estoque"] == 3, timeout_s=15)
