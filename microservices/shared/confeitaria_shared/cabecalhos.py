"""Security headers on every answer of an app, and the origins its CORS answers allow."""

from __future__ import annotations

import os

from flask import Flask, Response
from flask_cors import CORS

# No MIME sniffing, no framing by any page (CSP for today's browsers, X-Frame-Options for older
# ones), and no Referer: the API and the panel need none, and their URLs carry order, cart and
# correlation ids that other sites must not see. No script-src: Swagger UI and the panel load
# their own scripts.
CABECALHOS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
# The gateway's own address, as a browser on this machine reaches it.
ORIGENS_PADRAO = ("http://localhost:8080", "http://127.0.0.1:8080")


def origens_cors() -> list[str]:
    """CORS_ORIGENS, comma-separated (default: the gateway's local origins)."""
    bruto = os.environ.get("CORS_ORIGENS", "")
    origens = [origem.strip().rstrip("/") for origem in bruto.split(",") if origem.strip()]
    return origens or list(ORIGENS_PADRAO)


def install_security_headers(app: Flask) -> None:
    """Add the security headers to every response the app gives (a view may set its own)."""

    @app.after_request
    def _cabecalhos_de_seguranca(response: Response) -> Response:
        for nome, valor in CABECALHOS.items():
            response.headers.setdefault(nome, valor)
        return response


def install_cors(app: Flask) -> None:
    """CORS for the origins of CORS_ORIGENS only; every answer says it varies with the Origin.

    No Allow-Origin at all without an Origin header (not a CORS request). `Vary: Origin` on every
    answer, not only the allowed ones: the gateway's micro-cache keeps one copy per origin, so an
    answer cached for a request without Origin is never served to a browser's CORS request.
    """
    CORS(app, origins=origens_cors(), always_send=False, expose_headers=["X-Request-ID", "ETag"])

    @app.after_request
    def _varia_com_a_origem(response: Response) -> Response:
        response.vary.add("Origin")
        return response
