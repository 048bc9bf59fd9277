"""The cart when its neighbours fail: Redis restarts, the catalog stops, the bus stops."""

from __future__ import annotations

import requests

from tests.e2e.conftest import wait_healthy
from tests.support import compose
from tests.support.api_client import adicionar, carrinho, nova_sessao, staff
from tests.support.eventually import eventually


def test_a_restart_of_the_cart_redis_keeps_every_cart_and_line(gateway: str) -> None:
    sessoes = [nova_sessao() for _ in range(5)]
    for n, session_id in enumerate(sessoes, start=1):
        adicionar(session_id, 1, n)

    compose.compose("restart", "carrinho-redis")
    wait_healthy("carrinho-redis")

    eventually(lambda: requests.get(f"{gateway}/api/carrinho/{sessoes[0]}", timeout=10).status_code == 200)
    assert [carrinho(s)["itens"][0]["quantidade"] for s in sessoes] == [1, 2, 3, 4, 5]


def test_with_the_catalog_stopped_known_carts_work_and_unknown_products_are_a_503(gateway: str) -> None:
    session_id = nova_sessao()
    adicionar(session_id, 1, 1)
    compose.compose("stop", "catalogo", "catalogo-replica")
    try:
        lido = carrinho(session_id)
        editado = requests.put(
            f"{gateway}/api/carrinho/{session_id}/itens/1", json={"quantidade": 4}, timeout=10
        )
        mais_do_conhecido = adicionar(session_id, 1, 1)
        falha = adicionar(session_id, 987_654, 1)  # a product the cart has never seen
    finally:
        compose.compose("start", "catalogo", "catalogo-replica")
    wait_healthy("catalogo", "catalogo-replica")

    assert lido["itens"][0]["nome"] == "Bolo de Chocolate"
    assert editado.status_code == 200
    assert mais_do_conhecido.status_code == 200
    assert carrinho(session_id)["itens"][0]["quantidade"] == 5
    assert (falha.status_code, falha.json()["error"]["code"]) == (503, "CATALOGO_INDISPONIVEL")


def test_with_the_bus_stopped_cart_changes_work_and_their_events_arrive_later(gateway: str) -> None:
    session_id = nova_sessao()
    compose.compose("stop", "event-bus")
    try:
        response = adicionar(session_id, 1, 2)
    finally:
        compose.compose("start", "event-bus")
    wait_healthy("event-bus")

    assert response.status_code == 200

    def guardado() -> bool:
        filtro = {"tipo": "ItemAdicionadoAoCarrinho", "agregado_id": session_id}
        eventos = requests.get(f"{gateway}/api/eventos", params=filtro, headers=staff(), timeout=10).json()
        return session_id in {e["aggregate_id"] for e in eventos["data"]}

    eventually(guardado, timeout_s=60, what="the event relayed after the bus came back")
