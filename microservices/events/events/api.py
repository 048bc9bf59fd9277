"""Event store queries."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, request

from confeitaria_shared.responses import ok
from confeitaria_shared.validation import query_int

from .extensions import db
from .models import Evento

api = Blueprint("eventos", __name__, url_prefix="/api")

LIMITE_MAX = 500


@api.get("/eventos")
def listar_eventos() -> tuple[Response, int]:
    """The most recent stored events, optionally of one type."""
    limite = min(query_int(request.args, "limite", minimum=1) or 50, LIMITE_MAX)
    consulta = sa.select(Evento).order_by(Evento.posicao.desc()).limit(limite)
    tipo = request.args.get("tipo")
    if tipo:
        consulta = consulta.where(Evento.tipo == tipo[:80])
    eventos = [e.to_dict() for e in db.session.execute(consulta).scalars()]
    return ok(eventos, total=len(eventos))
