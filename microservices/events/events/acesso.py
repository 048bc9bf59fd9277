"""Who reads the events: staff only, by their Bearer token or, for the live feed, by the panel's login."""

from __future__ import annotations

from typing import Any

from flask import request

from confeitaria_shared.auth import autenticador, exigir_staff, so_staff

COOKIE = "confeitaria_admin"
# The panel's login cookie goes to the panel and to the one API route its pages open from the
# browser: an EventSource sends cookies, never an Authorization header (nor should a token ride in
# the query string, where logs and the browser's history keep it).
CAMINHOS_DO_COOKIE = ("/admin", "/api/eventos/stream")
PAINEL_SCHEME: dict[str, Any] = {"painel": {"type": "apiKey", "in": "cookie", "name": COOKIE}}
STAFF_OU_PAINEL: list[dict[str, list[str]]] = [{"bearer": []}, {"painel": []}]


def exigir_staff_ou_painel() -> None:
    """Staff by Bearer token, else by the panel's login cookie: 401 without either, 403 for a customer."""
    token = request.cookies.get(COOKIE, "")
    if request.headers.get("Authorization") or not token:
        exigir_staff()
        return
    so_staff(autenticador().verificar(token))
