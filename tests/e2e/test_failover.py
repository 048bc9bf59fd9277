"""Catalog reads survive the catalog app: the gateway falls back to the replica app at once."""

from __future__ import annotations

import uuid
from typing import Any

import requests

from tests.e2e.conftest import wait_healthy
from tests.support import compose
from tests.support.api_client import novo_produto
from tests.support.eventually import eventually

# An anonymous list page: the gateway's micro-cache answers it for a second after each fresh read.
PAGINA: dict[str, str | int] = {"ordenar": "recentes", "direcao": "desc", "por_pagina": 5}


def test_catalog_reads_answer_200_through_the_gateway_while_the_catalog_app_is_stopped(gateway: str) -> None:
    lote = uuid.uuid4().hex
    request_ids = [f"failover-{lote}-{n}" for n in range(20)]
    compose.compose("stop", "catalogo")
    try:
        # Cache-Control: no-cache keeps the gateway's cache out of it: a catalog app must answer.
        respostas = [
            requests.get(
                f"{gateway}/api/produtos",
                headers={"Cache-Control": "no-cache", "X-Request-ID": request_id},
                timeout=10,
            )
            for request_id in request_ids
        ]
    finally:
        compose.compose("start", "catalogo")
    wait_healthy("catalogo")

    assert [r.status_code for r in respostas] == [200] * 20
    assert {r.headers["X-Cache-Status"] for r in respostas} == {"BYPASS"}
    assert all(r.json()["total"] > 0 for r in respostas)

    # Every one of them was answered by the replica app: its log has each request id.
    def todas_na_replica() -> bool:
        return set(request_ids) <= compose.logged_request_ids("catalogo-replica")

    eventually(todas_na_replica, what="every request id in the replica app's log")
    assert requests.get(f"{gateway}/api/produtos", timeout=10).status_code == 200


def test_with_both_catalog_apps_gone_a_recently_read_page_comes_from_the_gateway_cache(gateway: str) -> None:
    lida = requests.get(f"{gateway}/api/produtos", params={"categoria_id": 2}, timeout=10)
    compose.compose("stop", "catalogo", "catalogo-replica")
    try:
        do_cache = requests.get(f"{gateway}/api/produtos", params={"categoria_id": 2}, timeout=10)
        # A search for a word nobody searched before: no copy of this page can be in the cache.
        nunca_lida = requests.get(f"{gateway}/api/produtos", params={"busca": uuid.uuid4().hex}, timeout=10)
        escrita = requests.put(f"{gateway}/api/produtos/1/estoque", json={}, timeout=10)
    finally:
        compose.compose("start", "catalogo", "catalogo-replica")
    wait_healthy("catalogo", "catalogo-replica")

    assert lida.status_code == 200
    assert do_cache.status_code == 200
    assert do_cache.headers["X-Cache-Status"] in ("HIT", "STALE")
    assert do_cache.json() == lida.json()
    assert (nunca_lida.status_code, nunca_lida.json()["error"]["code"]) == (502, "SERVICO_INDISPONIVEL")
    assert (escrita.status_code, escrita.json()["error"]["code"]) == (502, "SERVICO_INDISPONIVEL")


def ler_pagina(gateway: str, **headers: str) -> requests.Response:
    return requests.get(f"{gateway}/api/produtos", params=PAGINA, headers=headers, timeout=10)


def ids(resposta: requests.Response) -> list[int]:
    return [p["id"] for p in resposta.json()["data"]]


def pagina_velha(gateway: str) -> tuple[dict[str, Any], requests.Response]:
    """A new product, and the list page read right after it was created, still without it."""
    for _ in range(5):
        ler_pagina(gateway)  # the page is in the micro-cache now
        produto = novo_produto()
        logo_depois = ler_pagina(gateway)
        # A slow machine may take over a second to create it: the cached copy has expired; again.
        if produto["id"] not in ids(logo_depois):
            break
    assert produto["id"] not in ids(logo_depois), "the page read right after the write was never stale"
    return produto, logo_depois


def test_an_anonymous_list_page_is_a_cached_copy_for_a_moment_then_shows_the_change(gateway: str) -> None:
    produto, velha = pagina_velha(gateway)
    vistas: list[requests.Response] = []

    def mostra_o_produto() -> bool:
        vistas.append(ler_pagina(gateway))
        return produto["id"] in ids(vistas[-1])

    # The micro-cache keeps a page for 1 s; the deadline is generous so a busy machine does not fail it.
    eventually(mostra_o_produto, timeout_s=15, what="the new product in the cached page")

    # Only the gateway's copy was ever without the product: the catalog itself had it at once.
    assert velha.headers["X-Cache-Status"] == "HIT"
    assert {r.headers["X-Cache-Status"] for r in vistas[:-1]} <= {"HIT"}


def test_a_reload_with_no_cache_gets_a_change_the_cached_page_does_not_show_yet(gateway: str) -> None:
    produto, velha = pagina_velha(gateway)

    recarregada = ler_pagina(gateway, **{"Cache-Control": "no-cache"})

    assert velha.headers["X-Cache-Status"] == "HIT"
    assert recarregada.headers["X-Cache-Status"] == "BYPASS"
    assert produto["id"] in ids(recarregada)
