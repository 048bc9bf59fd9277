"""The shared HTTP plumbing on a bare Flask app: envelope errors, request ids, health and readiness."""

from __future__ import annotations

import json
import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient

from confeitaria_shared.errors import ApiError
from confeitaria_shared.logs import JsonFormatter
from confeitaria_shared.web import install_plumbing


def falha() -> None:
    raise ConnectionRefusedError("dependency down")


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch) -> FlaskClient:
    monkeypatch.delenv("EVENT_BUS_URL", raising=False)
    monkeypatch.delenv("CORS_ORIGENS", raising=False)
    app = Flask("teste")
    install_plumbing(app, "teste", {"ok": lambda: None}, informational={"opcional": falha})

    @app.get("/conflito")
    def conflito() -> None:
        raise ApiError(409, "ESTOQUE_INSUFICIENTE", "Sem estoque", faltando=2)

    @app.get("/quebra")
    def quebra() -> None:
        raise RuntimeError("segredo interno do banco")

    return app.test_client()


def test_an_api_error_answers_its_status_code_and_details_in_the_envelope(client: FlaskClient) -> None:
    response = client.get("/conflito")

    assert response.status_code == 409
    body = response.get_json()
    assert body["success"] is False
    assert body["error"]["code"] == "ESTOQUE_INSUFICIENTE"
    assert body["error"]["faltando"] == 2
    assert body["error"]["request_id"] == response.headers["X-Request-ID"]


def test_an_unknown_route_is_a_404_in_the_envelope(client: FlaskClient) -> None:
    response = client.get("/nao-existe")

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "NAO_ENCONTRADO"


def test_a_wrong_method_is_a_405_in_the_envelope(client: FlaskClient) -> None:
    response = client.delete("/health")

    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "METODO_NAO_PERMITIDO"


def test_an_unexpected_error_is_a_500_without_its_internals(client: FlaskClient) -> None:
    response = client.get("/quebra")

    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "ERRO_INTERNO"
    assert "segredo" not in response.get_data(as_text=True)


def test_the_request_id_from_the_gateway_is_answered_back(client: FlaskClient) -> None:
    response = client.get("/health", headers={"X-Request-ID": "gateway-id-1"})

    assert response.headers["X-Request-ID"] == "gateway-id-1"


def test_readiness_reports_a_failing_informational_dependency_as_degraded(client: FlaskClient) -> None:
    response = client.get("/ready")

    assert response.status_code == 200
    data = response.get_json()["data"]
    assert data["status"] == "degraded"
    assert data["checks"]["opcional"]["ok"] is False


def test_readiness_is_a_503_when_a_required_dependency_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENT_BUS_URL", raising=False)
    app = Flask("teste")
    install_plumbing(app, "teste", {"database": falha})

    response = app.test_client().get("/ready")

    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "NAO_PRONTO"
    assert response.get_json()["error"]["checks"]["database"]["ok"] is False


def test_metrics_count_requests_by_route_pattern(client: FlaskClient) -> None:
    client.get("/health")

    text = client.get("/metrics").get_data(as_text=True)

    assert 'http_requests_total{endpoint="/health",method="GET",service="teste",status="200"}' in text


def test_a_log_line_is_json_with_the_service_and_extra_fields() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "olá %s", ("mundo",), None)
    record.event_id = "e-1"

    line = json.loads(JsonFormatter("catalogo").format(record))

    assert line["message"] == "olá mundo"
    assert line["service"] == "catalogo"
    assert line["event_id"] == "e-1"


@pytest.mark.parametrize(("path", "status"), [("/health", 200), ("/conflito", 409), ("/quebra", 500)])
def test_every_answer_carries_the_security_headers(client: FlaskClient, path: str, status: int) -> None:
    response = client.get(path)

    assert response.status_code == status
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "frame-ancestors 'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_cors_allows_the_gateways_local_origin_by_default(client: FlaskClient) -> None:
    response = client.get("/health", headers={"Origin": "http://localhost:8080"})

    assert response.headers["Access-Control-Allow-Origin"] == "http://localhost:8080"


def test_cors_sends_no_allow_origin_to_a_request_without_origin(client: FlaskClient) -> None:
    assert "Access-Control-Allow-Origin" not in client.get("/health").headers


@pytest.mark.parametrize("origem", [None, "http://localhost:8080", "https://atacante.example"])
def test_every_answer_varies_with_the_origin_so_caches_keep_one_copy_per_origin(
    client: FlaskClient, origem: str | None
) -> None:
    response = client.get("/health", headers={"Origin": origem} if origem else {})

    assert "Origin" in response.headers["Vary"]


def test_cors_gives_a_foreign_origin_no_allow_origin_even_on_a_preflight(client: FlaskClient) -> None:
    simples = client.get("/health", headers={"Origin": "https://atacante.example"})
    preflight = client.options(
        "/health",
        headers={"Origin": "https://atacante.example", "Access-Control-Request-Method": "POST"},
    )

    assert "Access-Control-Allow-Origin" not in simples.headers
    assert "Access-Control-Allow-Origin" not in preflight.headers


def test_cors_origins_come_from_cors_origens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENT_BUS_URL", raising=False)
    monkeypatch.setenv("CORS_ORIGENS", "https://loja.example, https://painel.example/")
    app = Flask("teste")
    install_plumbing(app, "teste", {})
    client = app.test_client()

    permitida = client.get("/health", headers={"Origin": "https://painel.example"})
    padrao = client.get("/health", headers={"Origin": "http://localhost:8080"})

    assert permitida.headers["Access-Control-Allow-Origin"] == "https://painel.example"
    assert "Access-Control-Allow-Origin" not in padrao.headers
