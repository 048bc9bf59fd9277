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


def test_a_page_past_the_end_is_empty_and_still_counts_every_match(gateway: str) -> None:
    todos = produtos(gateway, "por_pagina=100")
    filtrados = produtos(gateway, "categoria_id=2&em_estoque=true&por_pagina=100")

    alem = produtos(gateway, "pagina=5000&por_pagina=20")
    alem_filtrado = produtos(gateway, "categoria_id=2&em_estoque=true&pagina=5000&por_pagina=20")

    assert (alem["data"], alem["total"], alem["pagina"], alem["por_pagina"]) == ([], todos["total"], 5000, 20)
    assert alem_filtrado["data"] == []
    assert alem_filtrado["total"] == filtrados["total"] == len(filtrados["data"]) > 0


def test_the_last_page_holds_the_remainder_and_the_same_total(gateway: str) -> None:
    total = produtos(gateway, "por_pagina=7")["total"]
    ultima = (total + 6) // 7

    pagina = produtos(gateway, f"por_pagina=7&pagina={ultima}")

    assert pagina["total"] == total
    assert len(pagina["data"]) == total - 7 * (ultima - 1)


def test_a_search_with_no_match_is_an_empty_page_with_total_zero(gateway: str) -> None:
    body = produtos(gateway, "busca=xyzzyinexistente")

    assert (body["data"], body["total"]) == ([], 0)


def test_an_inactive_product_is_neither_listed_nor_counted(gateway: str) -> None:
    produto = novo_produto()
    filtro = f"ids={produto['id']}"
    eventually(lambda: produtos(gateway, filtro)["total"] == 1, what="the new product listed")
    apagado = requests.delete(f"{gateway}/api/produtos/{produto['id']}", headers=staff(), timeout=10)
    assert apagado.status_code == 200, apagado.text

    body = eventually(
        lambda: (b := produtos(gateway, filtro))["total"] == 0 and b, what="the product out of the list"
    )

    assert body["data"] == []


def test_recent_products_come_newest_first_with_the_id_breaking_ties(gateway: str) -> None:
    novos = [novo_produto()["id"] for _ in range(2)]

    primeiros = [p["id"] for p in produtos(gateway, "ordenar=recentes&por_pagina=5")["data"]]

    assert primeiros.index(novos[1]) < primeiros.index(novos[0])


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
