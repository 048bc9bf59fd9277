"""Catalog reads survive the catalog app: the gateway falls back to the replica app at once."""

from __future__ import annotations

import requests

from tests.e2e.conftest import wait_healthy
from tests.support import compose
from tests.support.api_client import novo_produto
from tests.support.eventually import eventually


def test_catalog_reads_answer_200_through_the_gateway_while_the_catalog_app_is_stopped(gateway: str) -> None:
    compose.compose("stop", "catalogo")
    try:
        statuses = [requests.get(f"{gateway}/api/produtos", timeout=10).status_code for _ in range(20)]
        body = requests.get(f"{gateway}/api/produtos", timeout=10).json()
    finally:
        compose.compose("start", "catalogo")
    wait_healthy("catalogo")

    assert statuses == [200] * 20
    assert body["total"] > 0
    assert requests.get(f"{gateway}/api/produtos", timeout=10).status_code == 200


def test_with_both_catalog_apps_gone_a_recently_read_page_comes_from_the_gateway_cache(gateway: str) -> None:
    lida = requests.get(f"{gateway}/api/produtos", params={"categoria_id": 2}, timeout=10)
    compose.compose("stop", "catalogo", "catalogo-replica")
    try:
        do_cache = requests.get(f"{gateway}/api/produtos", params={"categoria_id": 2}, timeout=10)
        nunca_lida = requests.get(
            f"{gateway}/api/produtos", params={"categoria_id": 3, "pagina": 7}, timeout=10
        )
        escrita = requests.put(f"{gateway}/api/produtos/1/estoque", json={}, timeout=10)
    finally:
        compose.compose("start", "catalogo", "catalogo-replica")
    wait_healthy("catalogo", "catalogo-replica")

    assert do_cache.status_code == 200
    assert do_cache.headers["X-Cache-Status"] in ("HIT", "STALE")
    assert do_cache.json() == lida.json()
    assert (nunca_lida.status_code, nunca_lida.json()["error"]["code"]) == (502, "SERVICO_INDISPONIVEL")
    assert (escrita.status_code, escrita.json()["error"]["code"]) == (502, "SERVICO_INDISPONIVEL")


def test_an_anonymous_list_page_shows_a_change_within_a_second_and_a_reload_gets_it_at_once(
    gateway: str,
) -> None:
    pagina = {"ordenar": "recentes", "direcao": "desc", "por_pagina": 5}

    def ids(**headers: str) -> list[int]:
        resposta = requests.get(f"{gateway}/api/produtos", params=pagina, headers=headers, timeout=10)
        return [p["id"] for p in resposta.json()["data"]]

    ids()  # the page is in the micro-cache now
    produto = novo_produto()

    assert produto["id"] in ids(**{"Cache-Control": "no-cache"})  # a reload asks for fresh data
    # The micro-cache keeps a page for 1 s: the change shows within that (with 2 s of slack).
    eventually(lambda: produto["id"] in ids(), timeout_s=3, what="the new product in the cached page")
