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


def create_openapi_app(import_name: str, title: str, version: str = "1.0") -> OpenAPI:
    """A Flask app with validated routes, OpenAPI at /api/docs/openapi.json and Swagger UI at /api/docs."""
    return OpenAPI(
        import_name,
        info=Info(title=title, version=version),
        security_schemes=BEARER_SCHEME,
        doc_prefix="/api/docs",
        doc_url="/openapi.json",
        validation_error_status=422,
        validation_error_callback=validation_error_response,
    )
