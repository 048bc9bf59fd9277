"""The X-Catalogo-Leitura header: whether an answer's reads came from the primary or the standby."""

from __future__ import annotations

from flask import Response, g, has_app_context

CABECALHO = "X-Catalogo-Leitura"


def anotar_leitura(da_replica: bool, somente_leitura: bool = False) -> None:
    """Note that this request read, and from where (outside a request, nothing is noted)."""
    # flask.g lives as long as the request: nothing carries over to the next one on the thread.
    if not has_app_context():
        return
    if da_replica or somente_leitura:  # the read-only app's "primary" is the standby itself
        g.leitura_do_catalogo = "standby"
    else:
        g.setdefault("leitura_do_catalogo", "primario")


def dizer_de_onde_leu(response: Response) -> Response:
    """Put the header on an answer that read something: `standby` if any of its reads did."""
    # The storefront warns that buying may fail while reads come from the standby (docs/LOJA.md).
    origem = g.get("leitura_do_catalogo")
    if origem:
        response.headers[CABECALHO] = origem
    return response
