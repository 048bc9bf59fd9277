"""The stack is alive end to end: every service answers from its own store through the gateway."""

from __future__ import annotations

import pytest
import requests

from tests.e2e.conftest import get_json
from tests.support import compose
from tests.support.api_client import staff

SERVICE_PORTS = ["CATALOGO_PORT", "CATALOGO_REPLICA_PORT", "CARRINHO_PORT", "PEDIDOS_PORT", "EVENTS_PORT"]


def test_the_seed_product_query_answers_through_the_gateway_with_data_from_postgresql(gateway: str) -> None:
    status, body = get_json(f"{gateway}/api/produtos?categoria_id=1&preco_max=50&em_estoque=true")

    assert status == 200
    assert body["success"] is True
    produtos = body["data"]
    assert isinstance(produtos, list)
    assert body["total"] >= len(produtos) > 0  # type: ignore[operator]
    assert {p["nome"] for p in produtos} >= {"Bolo de Chocolate"}
    assert all(p["categoria_id"] == 1 and p["preco"] <= 50 and p["estoque"] > 0 for p in produtos)


def test_categories_list_with_their_product_counts(gateway: str) -> None:
    status, body = get_json(f"{gateway}/api/categorias")

    assert status == 200
    assert {c["nome"] for c in body["data"]} >= {"Bolos", "Doces", "Tortas", "Salgados", "Pães"}  # type: ignore[attr-defined]


def test_a_cart_session_is_created_and_read_through_the_gateway(gateway: str) -> None:
    created = requests.post(f"{gateway}/api/carrinho/sessao", timeout=10)
    assert created.status_code == 201
    session_id = created.json()["data"]["session_id"]

    status, body = get_json(f"{gateway}/api/carrinho/{session_id}")

    assert status == 200
    assert body["data"]["session_id"] == session_id  # type: ignore[index]
    assert body["data"]["total"] == 0  # type: ignore[index]


def test_orders_and_events_answer_from_their_databases(gateway: str) -> None:
    for path in ("/api/pedidos", "/api/eventos"):
        status, body = get_json(f"{gateway}{path}", headers=staff())
        assert status == 200, path
        assert body["success"] is True


@pytest.mark.parametrize("port_variable", SERVICE_PORTS)
def test_every_service_is_alive_and_ready_on_its_own_port(stack: None, port_variable: str) -> None:
    base = compose.service_url(port_variable)

    assert get_json(f"{base}/health")[0] == 200
    status, body = get_json(f"{base}/ready")
    assert status == 200
    assert body["data"]["status"] == "ready"  # type: ignore[index]


@pytest.mark.parametrize("port_variable", SERVICE_PORTS)
def test_every_service_exposes_prometheus_metrics(stack: None, port_variable: str) -> None:
    base = compose.service_url(port_variable)
    requests.get(f"{base}/health", timeout=10)

    metrics = requests.get(f"{base}/metrics", timeout=10)

    assert metrics.status_code == 200
    assert "http_requests_total" in metrics.text


def test_the_replica_app_reads_the_same_catalog_from_the_streaming_standby(gateway: str) -> None:
    _, primary = get_json(f"{compose.service_url('CATALOGO_PORT')}/api/produtos")
    _, replica = get_json(f"{compose.service_url('CATALOGO_REPLICA_PORT')}/api/produtos")

    assert replica["data"] == primary["data"]
    standby = compose.psql("catalogo-db-replica", "catalogo", "SELECT pg_is_in_recovery()")
    streaming = compose.psql(
        "catalogo-db",
        "catalogo",
        "SELECT state, slot_name FROM pg_stat_replication JOIN pg_replication_slots ON active_pid = pid",
    )
    assert standby == "t"
    assert streaming == "streaming|catalogo_replica"
