"""Flask apps whose requests are validated by pydantic models that also write the OpenAPI document."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from flask_openapi3 import Info, OpenAPI
from pydantic import ValidationError

from .errors import error_response

BEARER_SCHEME: dict[str, Any] = {"bearer": {"type": "http", "scheme": "bearer"}}
# A Bearer token: staff's, or a customer's on their own carts and orders.
BEARER: list[dict[str, list[str]]] = [{"bearer": []}]
STAFF_ONLY = BEARER
# Query and path models are named ...Query / ...Path: their errors are about parameters (400),
# the rest are about the JSON body (422).
_PARAMETER_MODEL_SUFFIXES = ("Query", "Path")


def _field_errors(exc: ValidationError) -> list[dict[str, Any]]:
    return [
        {"campo": ".".join(str(p) for p in error["loc"]) or "corpo", "mensagem": error["msg"]}
        for error in exc.errors(include_url=False, include_context=False, include_input=False)
    ]


def validation_error_response(exc: ValidationError) -> Response:
    """Turn a pydantic error into the envelope: 415/400 for a body that is not JSON, else 400/422."""
    erros = _field_errors(exc)
    if exc.title.endswith(_PARAMETER_MODEL_SUFFIXES):
        primeiro = erros[0]
        message = f"'{primeiro['campo']}': {primeiro['mensagem']}"
        response, status = error_response(
            400, "PARAMETRO_INVALIDO", message, parametro=primeiro["campo"], erros=erros
        )
    elif request.mimetype != "application/json":
        response, status = error_response(
            415, "TIPO_DE_CONTEUDO_NAO_SUPORTADO", "Envie o corpo como application/json."
        )
    elif request.get_json(silent=True) is None:
        response, status = error_response(400, "JSON_INVALIDO", "O corpo da requisição não é um JSON válido.")
    else:
        response, status = error_response(422, "ENTRADA_INVALIDA", "Dados inválidos no corpo.", erros=erros)
    response.status_code = status
    return response


# For a route that streams Server-Sent Events: `@api.get("/stream", responses=FLUXO_DE_EVENTOS)`.
FLUXO_DE_EVENTOS: dict[Any, Any] = {
    "200": {
        "description": "Server-Sent Events, um por evento",
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
    }
}

# What every answer of the API looks like (responses.ok and errors.error_response), for the document.
ENVELOPES: dict[str, Any] = {
    "Sucesso": {
        "type": "object",
        "required": ["success", "data"],
        "properties": {
            "success": {"const": True},
            "data": {},
            "total": {"type": "integer", "minimum": 0},
        },
    },
    "Erro": {
        "type": "object",
        "required": ["success", "error"],
        "properties": {
            "success": {"const": False},
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {"type": "string", "pattern": "^[A-Z][A-Z_]*$"},
                    "message": {"type": "string"},
                    "request_id": {"type": "string"},
                },
            },
        },
    },
}


def _resposta(descricao: str, esquema: str) -> dict[str, Any]:
    return {
        "description": descricao,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{esquema}"}}},
    }


def _lista_de_erros_pydantic(resposta: dict[str, Any] | None) -> bool:
    esquema = (resposta or {}).get("content", {}).get("application/json", {}).get("schema", {})
    return bool(esquema.get("type") == "array")


def documentar_envelopes(spec: dict[str, Any]) -> None:
    """Describe every operation's answers as the envelopes the API really sends.

    flask-openapi3 documents each validation error as a list of pydantic errors; the API answers
    the error envelope instead (validation_error_response), so clients and Schemathesis read the truth.
    A route's own documentation (a stream's 200, say) is kept.
    """
    esquemas = spec.setdefault("components", {}).setdefault("schemas", {})
    esquemas.pop("ValidationErrorModel", None)
    esquemas.update(ENVELOPES)
    for operacoes in spec.get("paths", {}).values():
        for operacao in operacoes.values():
            respostas = operacao.setdefault("responses", {})
            if _lista_de_erros_pydantic(respostas.get("422")):
                del respostas["422"]
            if not any(str(status).startswith("2") for status in respostas):
                respostas["2XX"] = _resposta("Sucesso: `data` e, em listas, `total`", "Sucesso")
            respostas.setdefault("4XX", _resposta("Erro do cliente (docs/ERROS.md)", "Erro"))
            respostas.setdefault("5XX", _resposta("Erro do servidor ou dependência indisponível", "Erro"))


class _OpenAPIComEnvelopes(OpenAPI):
    """flask-openapi3's app whose document describes the envelopes."""

    def generate_spec_json(self) -> None:
        """Build the document once, then rewrite its responses (documentar_envelopes)."""
        super().generate_spec_json()
        documentar_envelopes(self.spec_json)


def create_openapi_app(import_name: str, title: str, version: str = "1.0") -> OpenAPI:
    """A Flask app with validated routes, OpenAPI at /api/docs/openapi.json and Swagger UI at /api/docs."""
    return _OpenAPIComEnvelopes(
        import_name,
        info=Info(title=title, version=version),
        security_schemes=BEARER_SCHEME,
        doc_prefix="/api/docs",
        doc_url="/openapi.json",
        validation_error_status=422,
        validation_error_callback=validation_error_response,
    )
