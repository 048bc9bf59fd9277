"""Catalog reads survive the catalog app: the gateway falls back to the replica app at once."""

from __future__ import annotations

import requests

from tests.e2e.conftest import wait_healthy
from tests.support import compose


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
