"""Staff view of every payment attempt and refund."""

from __future__ import annotations

from flask import Response
from flask_openapi3 import APIBlueprint, Tag

from confeitaria_shared.auth import exigir_staff
from confeitaria_shared.openapi import STAFF_ONLY
from confeitaria_shared.responses import ok

from ..adaptadores import consultas
from ..schemas import TransacoesQuery
from . import sessao

api = APIBlueprint("transacoes", __name__, url_prefix="/api", abp_tags=[Tag(name="transações")])


@api.get("/transacoes", security=STAFF_ONLY)
def listar_transacoes(query: TransacoesQuery) -> tuple[Response, int]:
    """Staff: transações filtered by status, method, type or order, newest first."""
    exigir_staff()
    transacoes, total = consultas.listar_transacoes(sessao(), query)
    return ok(transacoes, total=total, pagina=query.pagina, por_pagina=query.por_pagina)
