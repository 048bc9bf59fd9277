"""Untrusted input: request ids and traceparents, and request models answering 400/415/422."""

from __future__ import annotations

import pytest
from flask import Response
from flask.testing import FlaskClient
from pydantic import Field

from confeitaria_shared.context import accepted_request_id, accepted_traceparent
from confeitaria_shared.contratos import Fechado
from confeitaria_shared.openapi import create_openapi_app
from confeitaria_shared.responses import ok
from confeitaria_shared.web import install_plumbing


class FiltroQuery(Fechado):
    pagina: int = Field(1, ge=1)


class Corpo(Fechado):
    quantidade: int = Field(ge=1)


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch) -> FlaskClient:
    monkeypatch.delenv("EVENT_BUS_URL", raising=False)
    app = create_openapi_app("teste", "teste")
    install_plumbing(app, "teste", {})

    @app.get("/itens")
    def listar(query: FiltroQuery) -> tuple[Response, int]:
        return ok(query.pagina)

    @app.post("/itens")
    def criar(body: Corpo) -> tuple[Response, int]:
        return ok(body.quantidade, status=201)

    return app.test_client()


def test_a_bad_or_unknown_query_parameter_is_a_400_naming_it(client: FlaskClient) -> None:
    for query, parametro in (("pagina=0", "pagina"), ("pagina=x", "pagina"), ("pagna=2", "pagna")):
        response = client.get(f"/itens?{query}")
        assert response.status_code == 400
        assert response.get_json()["error"]["parametro"] == parametro


def test_a_body_with_bad_fields_is_a_422_listing_them(client: FlaskClient) -> None:
    response = client.post("/itens", json={"quantidade": 0, "extra": 1})

    assert response.status_code == 422
    assert {e["campo"] for e in response.get_json()["error"]["erros"]} == {"quantidade", "extra"}


def test_broken_json_is_a_400_and_another_content_type_a_415(client: FlaskClient) -> None:
    assert client.post("/itens", data="{x", content_type="application/json").status_code == 400
    assert (
        client.post(
            "/itens", data="quantidade=1", content_type="application/x-www-form-urlencoded"
        ).status_code
        == 415
    )


def test_a_well_formed_request_id_is_kept_and_a_hostile_one_replaced() -> None:
    assert accepted_request_id("abc-123") == "abc-123"
    replaced = accepted_request_id('x"\n{injected}')
    assert replaced != 'x"\n{injected}'
    assert len(replaced) == 32


def test_only_a_valid_traceparent_is_kept() -> None:
    valid = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    assert accepted_traceparent(valid) == valid
    assert accepted_traceparent("00-zz-1-01") is None
    assert accepted_traceparent(None) is None
