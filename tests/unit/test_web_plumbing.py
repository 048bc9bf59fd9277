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
