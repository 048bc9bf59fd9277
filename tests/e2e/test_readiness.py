"""Readiness tells the truth: a stopped store makes its service unready, and honest 503s follow."""

from __future__ import annotations

import requests

from tests.e2e.conftest import get_json, wait_healthy
from tests.support import compose
from tests.support.eventually import eventually


def test_with_the_cart_redis_stopped_the_cart_is_unready_and_answers_503_in_the_envelope(
    gateway: str,
) -> None:
    carrinho = compose.service_url("CARRINHO_PORT")
    compose.compose("stop", "carrinho-redis")
    try:
        status, body = get_json(f"{carrinho}/ready")
        assert status == 503
        assert body["error"]["checks"]["redis"]["ok"] is False  # type: ignore[index]

        response = requests.post(f"{gateway}/api/carrinho/sessao", timeout=10)
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "SERVICO_INDISPONIVEL"
        assert get_json(f"{gateway}/api/produtos")[0] == 200
    finally:
        compose.compose("start", "carrinho-redis")
    wait_healthy("carrinho-redis")
    eventually(lambda: get_json(f"{carrinho}/ready")[0] == 200, timeout_s=30, what="cart ready again")


def test_with_the_event_bus_stopped_services_stay_ready_but_report_it_degraded(gateway: str) -> None:
    catalogo = compose.service_url("CATALOGO_PORT")
    compose.compose("stop", "event-bus")
    try:
        status, body = get_json(f"{catalogo}/ready")
        assert status == 200
        assert body["data"]["status"] == "degraded"  # type: ignore[index]
        assert body["data"]["checks"]["event_bus"]["ok"] is False  # type: ignore[index]
        assert get_json(f"{gateway}/api/produtos")[0] == 200
    finally:
        compose.compose("start", "event-bus")
    wait_healthy("event-bus")
    eventually(
        lambda: get_json(f"{catalogo}/ready")[1].get("data", {}).get("status") == "ready",  # type: ignore[attr-defined]
        timeout_s=30,
        what="catalog fully ready again",
    )
