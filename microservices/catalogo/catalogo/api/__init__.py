"""The catalog's HTTP API: products, stock and categories."""

from __future__ import annotations

from flask import Request, Response, current_app, request
from sqlalchemy.orm import Session

from ..extensions import db
from ..leitura import Leitor


def leitor() -> Leitor:
    """The app's read-session opener (primary, or the replica while the primary is down)."""
    instancia: Leitor = current_app.extensions["leitor"]
    return instancia


def if_match(req: Request | None = None) -> str | None:
    """The If-Match header of the request, if any."""
    return (req or request).headers.get("If-Match")


def cacheavel(response: Response) -> Response:
    """Give a successful read an ETag and answer 304 when the client already has it."""
    if request.method == "GET" and response.status_code == 200:
        response.add_etag()
        # Comparing (and the Date header it adds) only when the client sent something to compare.
        if "If-None-Match" in request.headers or "If-Modified-Since" in request.headers:
            response.make_conditional(request)
    return response


def escrita() -> Session:
    """The request's session on the primary database, for writes."""
    session: Session = db.session()
    return session
