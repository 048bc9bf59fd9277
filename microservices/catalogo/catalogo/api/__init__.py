"""The catalog's HTTP API: products, stock and categories."""

from __future__ import annotations

from flask import Response, request

from confeitaria_shared.errors import ApiError

from ..adaptadores.unidade import UnidadeDoCatalogoSql
from ..extensions import db

# Where create_app keeps the read-session opener (primary, or the replica while the primary is down).
LEITOR = "leitor"


def versao_do_if_match() -> int | None:
    """The version the If-Match header names (`"3"`, `W/"3"`), if it was sent; 400 when it is no version."""
    cabecalho = request.headers.get("If-Match")
    if not cabecalho:
        return None
    texto = cabecalho.strip().removeprefix("W/").strip('"')
    if not texto.isdigit():
        raise ApiError(400, "IF_MATCH_INVALIDO", 'If-Match deve ser a versão lida, por exemplo "3".')
    return int(texto)


def cacheavel(response: Response) -> Response:
    """Give a successful read an ETag and answer 304 when the client already has it."""
    if request.method == "GET" and response.status_code == 200:
        response.add_etag()
        # Comparing (and the Date header it adds) only when the client sent something to compare.
        if "If-None-Match" in request.headers or "If-Modified-Since" in request.headers:
            response.make_conditional(request)
    return response


def unidade() -> UnidadeDoCatalogoSql:
    """A unit of work on the request's session on the primary database, for writes."""
    return UnidadeDoCatalogoSql(db.session)
