"""Dead letters over HTTP (staff): list them, send one or all back, see what came of it."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, g
from flask_openapi3 import APIBlueprint, Tag
from sqlalchemy.orm import Session

from confeitaria_shared.auth import exigir_staff
from confeitaria_shared.config import StreamSettings
from confeitaria_shared.openapi import STAFF_ONLY
from confeitaria_shared.responses import ok

from .. import mortos
from ..extensions import db
from ..schemas import CartaPath, LimiteQuery

api = APIBlueprint("dlq", __name__, url_prefix="/api/eventos/dlq", abp_tags=[Tag(name="dead letters")])
# Before the parameters are validated: without staff, no route tells anything, not even an error.
api.before_request(exigir_staff)


def _contexto() -> tuple[Session, Any, StreamSettings]:
    session: Session = db.session()
    return session, current_app.extensions["bus"], current_app.extensions["stream_settings"]


@api.get("", security=STAFF_ONLY)
def listar_cartas(query: LimiteQuery) -> tuple[Response, int]:
    """The dead letters, newest first, with the error and how many deliveries failed."""
    _session, bus, settings = _contexto()
    cartas, total = mortos.listar(bus, settings, query.limite)
    return ok(cartas, total=total)


@api.post("/<dlq_id>/reprocessar", security=STAFF_ONLY)
def reprocessar_carta(path: CartaPath) -> tuple[Response, int]:
    """Send one dead letter back to the stream; the record says what became of it."""
    session, bus, settings = _contexto()
    return ok(mortos.reprocessar(session, bus, settings, path.dlq_id, g.usuario))


@api.post("/reprocessar", security=STAFF_ONLY)
def reprocessar_todas() -> tuple[Response, int]:
    """Send every dead letter back (up to 1000 per call)."""
    session, bus, settings = _contexto()
    registros = mortos.reprocessar_todas(session, bus, settings, g.usuario)
    return ok(registros, total=len(registros))


@api.get("/reprocessamentos", security=STAFF_ONLY)
def reprocessamentos(query: LimiteQuery) -> tuple[Response, int]:
    """The latest reprocessings, each with its current outcome in the group that had failed it."""
    session, bus, settings = _contexto()
    registros = mortos.historico(session, bus, settings, query.limite)
    return ok(registros, total=len(registros))
