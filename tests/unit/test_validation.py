"""Untrusted input: request ids and traceparents, control characters, request models answering 400/415/422."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Response, request
from flask.testing import FlaskClient
from pydantic import Field, ValidationError
from werkzeug.test import TestResponse

from catalogo.schemas import (
    CategoriaAlteracao,
    CategoriaNova,
    HistoricoQuery,
    ProdutoAlteracao,
    ProdutoNovo,
    ProdutosQuery,
)
from confeitaria_shared.context import accepted_request_id, accepted_traceparent
from confeitaria_shared.contratos import Cliente, Entrega, Fechado
from confeitaria_shared.openapi import ENVELOPES, FLUXO_DE_EVENTOS, create_openapi_app
from confeitaria_shared.responses import ok
from confeitaria_shared.web import install_plumbing
from events.schemas import EventosQuery
from pedidos.schemas import PedidosQuery, TransacoesQuery


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


def test_json_nested_thousands_deep_is_a_400_not_a_500(client: FlaskClient) -> None:
    for profundidade in (5_000, 100_000):
        corpo = "[" * profundidade + "]" * profundidade

        response = client.post("/itens", data=corpo, content_type="application/json")

        assert (response.status_code, response.get_json()["error"]["code"]) == (400, "JSON_INVALIDO")


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


# Control characters: the shared guard (confeitaria_shared.entrada), on every part of a request.


@pytest.fixture
def painel(monkeypatch: pytest.MonkeyPatch) -> FlaskClient:
    """An app with a validated query route, a path route, a JSON route and a form route."""
    monkeypatch.delenv("EVENT_BUS_URL", raising=False)
    app = create_openapi_app("teste", "teste")
    install_plumbing(app, "teste", {})

    @app.get("/busca")
    def buscar(query: BuscaQuery) -> tuple[Response, int]:
        return ok(query.busca)

    @app.get("/sessoes/<sessao>")
    def sessao(sessao: str) -> tuple[Response, int]:
        return ok(sessao)

    @app.post("/nomes")
    def nomes(body: NomeNovo) -> tuple[Response, int]:
        return ok(body.model_dump(), status=201)

    @app.post("/formulario")
    def formulario() -> tuple[Response, int]:
        return ok(dict(request.form))

    return app.test_client()


class BuscaQuery(Fechado):
    busca: str | None = None


class NomeNovo(Fechado):
    nome: str
    descricao: str = ""
    tags: list[dict[str, str]] = Field(default_factory=list)


def _recusa(response: TestResponse, campo: str, local: str) -> None:
    assert response.status_code == 400, response.get_data(as_text=True)
    erro = response.get_json()["error"]
    assert response.get_json()["success"] is False
    assert (erro["code"], erro["campo"], erro["local"]) == ("CARACTERE_DE_CONTROLE", campo, local)
    assert erro["request_id"]


@pytest.mark.parametrize("caractere", ["\x00", "\x01", "\x1b", "\x1f", "\x7f", "\t", "\n", "\r"])
def test_a_control_character_in_a_query_parameter_is_a_400_naming_it(
    painel: FlaskClient, caractere: str
) -> None:
    _recusa(painel.get("/busca", query_string={"busca": f"pao{caractere}queijo"}), "busca", "query")


def test_a_nul_in_a_query_parameter_name_is_refused_too(painel: FlaskClient) -> None:
    _recusa(painel.get("/busca?bu%00sca=pao"), "bu\x00sca", "query")


def test_a_control_character_in_a_path_parameter_is_a_400_naming_it(painel: FlaskClient) -> None:
    _recusa(painel.get("/sessoes/abc%00def"), "sessao", "caminho")
    _recusa(painel.get("/sessoes/abc%0Adef"), "sessao", "caminho")


@pytest.mark.parametrize("caractere", ["\x00", "\x08", "\x0b", "\x0c", "\x1f", "\x7f"])
def test_a_control_character_in_a_json_field_is_a_400_naming_it(painel: FlaskClient, caractere: str) -> None:
    _recusa(painel.post("/nomes", json={"nome": f"Bolo{caractere}"}), "nome", "corpo")


def test_a_control_character_deep_in_the_body_names_its_dotted_path(painel: FlaskClient) -> None:
    corpo = {"nome": "Bolo", "tags": [{"cor": "azul"}, {"cor": "verde\x00"}]}

    _recusa(painel.post("/nomes", json=corpo), "tags.1.cor", "corpo")


def test_a_lone_surrogate_escape_in_json_is_refused_as_it_cannot_become_utf8(painel: FlaskClient) -> None:
    response = painel.post("/nomes", data='{"nome": "Bolo \\ud800"}', content_type="application/json")

    _recusa(response, "nome", "corpo")
    assert response.get_json()["error"]["caractere"] == "U+D800"


def test_tab_newline_and_carriage_return_are_text_in_a_body(painel: FlaskClient) -> None:
    response = painel.post("/nomes", json={"nome": "Bolo", "descricao": "massa\tfofa\r\nde cacau"})

    assert response.status_code == 201
    assert response.get_json()["data"]["descricao"] == "massa\tfofa\r\nde cacau"


def test_accents_and_symbols_are_not_control_characters(painel: FlaskClient) -> None:
    response = painel.get("/busca", query_string={"busca": "pão de queijo ½ € 🎂"})

    assert response.status_code == 200
    assert response.get_json()["data"] == "pão de queijo ½ € 🎂"


def test_a_control_character_in_a_form_field_is_a_400_naming_it(painel: FlaskClient) -> None:
    _recusa(painel.post("/formulario", data={"usuario": "admin\x00"}), "usuario", "formulario")
    assert painel.post("/formulario", data={"usuario": "admin"}).status_code == 200


def test_a_body_that_is_not_json_is_left_to_validation(painel: FlaskClient) -> None:
    response = painel.post("/nomes", data="{x\x00", content_type="application/json")

    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "JSON_INVALIDO"


# The request models refuse them too (they also read input that does not come through a request).


@pytest.mark.parametrize(
    ("modelo", "campos"),
    [
        (CategoriaNova, {"nome": "Doces\x00finos"}),
        (CategoriaAlteracao, {"nome": "Doces\x00finos"}),
        (ProdutoNovo, {"nome": "Bolo\x00", "preco": "10.00", "categoria_id": 1}),
        (ProdutoNovo, {"nome": "Bolo", "descricao": "\x00", "preco": "10.00", "categoria_id": 1}),
        (ProdutoAlteracao, {"imagem_url": "https://x.example/\x00.png"}),
        (ProdutosQuery, {"busca": "pao\x00"}),
        (Cliente, {"nome": "Ana\x00", "email": "ana@example.com", "telefone": "11 98888-7777"}),
        (Entrega, {"endereco": "Rua A, 1\x00"}),
        (Entrega, {"endereco": "Rua A, 1", "complemento": "fundos\x07"}),
    ],
)
def test_a_nul_or_control_character_in_a_text_field_fails_its_model(
    modelo: type[Fechado], campos: dict[str, object]
) -> None:
    with pytest.raises(ValidationError, match="caractere de controle"):
        modelo.model_validate(campos)


@pytest.mark.parametrize(
    ("modelo", "campos", "nulos"),
    [
        (ProdutoAlteracao, {"preco": None, "versao": 1}, "preco"),
        (ProdutoAlteracao, {"nome": None, "ativo": None}, "ativo, nome"),
        (ProdutoAlteracao, {"descricao": None, "categoria_id": None}, "categoria_id, descricao"),
        (CategoriaAlteracao, {"nome": None}, "nome"),
        (CategoriaAlteracao, {"descricao": None, "ativo": None}, "ativo, descricao"),
    ],
)
def test_an_explicit_null_for_a_field_a_product_or_category_always_holds_fails_its_model(
    modelo: type[Fechado], campos: dict[str, object], nulos: str
) -> None:
    with pytest.raises(ValidationError, match=f"{nulos} não pode ser null"):
        modelo.model_validate(campos)


def test_a_product_change_may_clear_its_image_with_null() -> None:
    assert ProdutoAlteracao.model_validate({"imagem_url": None, "versao": 1}).imagem_url is None


def test_a_timestamp_with_an_offset_postgresql_cannot_hold_becomes_utc() -> None:
    consulta = HistoricoQuery.model_validate({"em": "2026-11-30T10:00:00-19:37"})

    assert consulta.em == datetime(2026, 12, 1, 5, 37, tzinfo=UTC)
    assert consulta.em is not None and consulta.em.utcoffset() == timedelta(0)


def test_a_naive_timestamp_means_utc() -> None:
    consulta = PedidosQuery.model_validate({"desde": "2026-11-30T10:00:00"})

    assert consulta.desde == datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "instante", ["0453-06-15T12:00:00-19:37", "0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00-05:00"]
)
def test_a_timestamp_outside_the_years_1900_to_9998_is_refused_not_a_500(instante: str) -> None:
    for modelo, campo in ((HistoricoQuery, "em"), (PedidosQuery, "desde"), (EventosQuery, "ate")):
        with pytest.raises(ValidationError, match="fora do intervalo"):
            modelo.model_validate({campo: instante})


def test_a_transaction_filter_by_order_takes_only_a_uuid() -> None:
    with pytest.raises(ValidationError):
        TransacoesQuery.model_validate({"pedido_id": "0" * 36})

    uuid = "0b6f5a44-3f0e-4d0e-9d52-0a3c1b2d4e5f"
    assert TransacoesQuery.model_validate({"pedido_id": uuid}).pedido_id == uuid


# The OpenAPI document describes the envelopes the API answers, not pydantic's error list.


def test_the_document_describes_success_and_errors_as_envelopes(painel: FlaskClient) -> None:
    documento = painel.get("/api/docs/openapi.json").get_json()
    respostas = documento["paths"]["/nomes"]["post"]["responses"]

    assert "422" not in respostas
    assert respostas["2XX"]["content"]["application/json"]["schema"]["$ref"].endswith("/Sucesso")
    assert respostas["4XX"]["content"]["application/json"]["schema"]["$ref"].endswith("/Erro")
    assert respostas["5XX"]["content"]["application/json"]["schema"]["$ref"].endswith("/Erro")
    assert "ValidationErrorModel" not in documento["components"]["schemas"]


def test_a_route_that_documents_its_own_success_keeps_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENT_BUS_URL", raising=False)
    app = create_openapi_app("teste", "teste")

    @app.get("/stream", responses=FLUXO_DE_EVENTOS)
    def stream() -> Response:
        return Response("data: {}\n\n", mimetype="text/event-stream")

    respostas = (
        app.test_client().get("/api/docs/openapi.json").get_json()["paths"]["/stream"]["get"]["responses"]
    )

    assert set(respostas) == {"200", "4XX", "5XX"}
    assert "text/event-stream" in respostas["200"]["content"]


def test_every_error_envelope_matches_the_documented_schema(painel: FlaskClient) -> None:
    esquema = ENVELOPES["Erro"]
    respostas = [
        painel.get("/busca?busca=%00"),
        painel.get("/busca?pagina=1"),
        painel.post("/nomes", json={"nome": 1}),
        painel.post("/nomes", data="x", content_type="text/plain"),
        painel.get("/nao-existe"),
    ]

    for response in respostas:
        corpo = response.get_json()
        assert response.status_code >= 400
        assert set(esquema["required"]) <= set(corpo)
        assert corpo["success"] is False
        assert {"code", "message"} <= set(corpo["error"])
