"""Dead letters over HTTP (staff): list them, send one or all back, see what came of it."""

from __future__ import annotations

from flask import Response, g
from flask_openapi3 import APIBlueprint, Tag

from confeitaria_shared.auth import exigir_staff
from confeitaria_shared.extensoes import extensao
from confeitaria_shared.openapi import STAFF_ONLY
from confeitaria_shared.responses import ok

from ..adaptadores.barramento import CartasNoRedis
from ..adaptadores.unidade import UnidadeSqlDeEventos
from ..extensions import db
from ..schemas import CartaPath, LimiteQuery
from ..servicos import cartas

api = APIBlueprint("dlq", __name__, url_prefix="/api/eventos/dlq", abp_tags=[Tag(name="dead letters")])
# Before the parameters are validated: without staff, no route tells anything, not even an error.
api.before_request(exigir_staff)


def _cartas() -> CartasNoRedis:
    return extensao("cartas_mortas", CartasNoRedis)


@api.get("", security=STAFF_ONLY)
def listar_cartas(query: LimiteQuery) -> tuple[Response, int]:
    """The dead letters, newest first, with the error and how many deliveries failed."""
    lista, total = cartas.listar_cartas(_cartas(), query.limite)
    return ok(lista, total=total)


@api.post("/<dlq_id>/reprocessar", security=STAFF_ONLY)
def reprocessar_carta(path: CartaPath) -> tuple[Response, int]:
    """Send one dead letter back to the stream; the record says what became of it."""
    with UnidadeSqlDeEventos(db.session) as uow:
        return ok(cartas.reprocessar_carta(uow, _cartas(), path.dlq_id, g.usuario))


@api.post("/reprocessar", security=STAFF_ONLY)
def reprocessar_todas() -> tuple[Response, int]:
    """Send every dead letter back (up to 1000 per call)."""
    with UnidadeSqlDeEventos(db.session) as uow:
        registros = cartas.reprocessar_todas(uow, _cartas(), g.usuario)
    return ok(registros, total=len(registros))


@api.get("/reprocessamentos", security=STAFF_ONLY)
def reprocessamentos(query: LimiteQuery) -> tuple[Response, int]:
    """The latest reprocessings, each with its current outcome in the group that had failed it."""
    with UnidadeSqlDeEventos(db.session) as uow:
        registros = cartas.historico(uow, _cartas(), query.limite)
    return ok(registros, total=len(registros))
