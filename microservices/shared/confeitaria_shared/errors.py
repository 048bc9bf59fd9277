"""The one JSON error envelope, and the handlers that turn every failure into it."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

import redis

from . import dominio
from .context import current_request_id

log = logging.getLogger(__name__)

# Werkzeug's own errors, renamed into the API's stable codes.
HTTP_CODES = {
    400: "REQUISICAO_INVALIDA",
    401: "NAO_AUTENTICADO",
    403: "PROIBIDO",
    404: "NAO_ENCONTRADO",
    405: "METODO_NAO_PERMITIDO",
    406: "NAO_ACEITAVEL",
    409: "CONFLITO",
    412: "PRECONDICAO_FALHOU",
    413: "CORPO_GRANDE_DEMAIS",
    415: "TIPO_DE_CONTEUDO_NAO_SUPORTADO",
    422: "ENTRADA_INVALIDA",
    429: "REQUISICOES_DEMAIS",
    503: "SERVICO_INDISPONIVEL",
}


# Each kind of domain error, and the status it answers with: the one place the domain meets HTTP.
STATUS_DO_ERRO_DE_DOMINIO: dict[type[dominio.DominioError], int] = {
    dominio.InvalidoError: 400,
    dominio.NaoAutenticadoError: 401,
    dominio.ProibidoError: 403,
    dominio.NaoEncontradoError: 404,
    dominio.ConflitoError: 409,
    dominio.VersaoDivergenteError: 412,
    dominio.RecusadoError: 422,
    dominio.VersaoAusenteError: 428,
    dominio.IndisponivelError: 503,
}


def status_do_erro(erro: dominio.DominioError) -> int:
    """The HTTP status of a domain error: its kind's, or its nearest ancestor's (422 for the base)."""
    for tipo in type(erro).__mro__:
        if tipo in STATUS_DO_ERRO_DE_DOMINIO:
            return STATUS_DO_ERRO_DE_DOMINIO[tipo]
    return 422


class ApiError(Exception):
    """An error the API answers on purpose, with its status, stable code and message."""

    def __init__(self, status: int, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details


def error_response(status: int, code: str, message: str, **details: Any) -> tuple[Response, int]:
    """Build the error envelope: success false, error code, message and the request id."""
    error: dict[str, Any] = {"code": code, "message": message, **details}
    request_id = current_request_id()
    if request_id:
        error["request_id"] = request_id
    return jsonify({"success": False, "error": error}), status


def _envelope(status: int, code: str, message: str, details: dict[str, Any]) -> tuple[Response, int]:
    resposta, status = error_response(status, code, message, **details)
    if "retry_after_s" in details:
        resposta.headers["Retry-After"] = str(details["retry_after_s"])
    return resposta, status


def register_error_handlers(app: Flask, rollback: Any = None) -> None:
    """Answer every error in the envelope; `rollback` undoes a failed request's transaction."""

    def _rollback() -> None:
        if rollback is not None:
            try:
                rollback()
            except Exception:  # noqa: BLE001 - the connection may be the thing that broke
                log.warning("rollback failed", exc_info=True)

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> tuple[Response, int]:
        return _envelope(exc.status, exc.code, exc.message, exc.details)

    @app.errorhandler(dominio.DominioError)
    def _domain_error(exc: dominio.DominioError) -> tuple[Response, int]:
        _rollback()  # the rule refused: nothing of the request's transaction may stay
        return _envelope(status_do_erro(exc), exc.codigo, exc.mensagem, exc.detalhes)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> tuple[Response, int]:
        status = exc.code or 500
        return error_response(status, HTTP_CODES.get(status, "ERRO_HTTP"), exc.description or exc.name)

    @app.errorhandler(OperationalError)
    @app.errorhandler(redis.ConnectionError)
    @app.errorhandler(redis.TimeoutError)
    def _unavailable(exc: Exception) -> tuple[Response, int]:
        _rollback()
        log.warning("a backing store is unreachable", extra={"error": str(exc).splitlines()[0]})
        message = "Um armazenamento de dados está indisponível; tente de novo em instantes."
        return error_response(503, "SERVICO_INDISPONIVEL", message)

    @app.errorhandler(DBAPIError)
    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> tuple[Response, int]:
        _rollback()
        if isinstance(exc, DBAPIError) and exc.connection_invalidated:
            return _unavailable(exc)
        log.exception("unexpected error")
        message = "Erro inesperado; foi registrado com o request_id desta requisição."
        return error_response(500, "ERRO_INTERNO", message)
