"""Event store queries and the health of the shared stream."""

from __future__ import annotations

from flask import Response, current_app
from flask_openapi3 import APIBlueprint, Tag
from sqlalchemy.orm import Session

from confeitaria_shared.config import StreamSettings
from confeitaria_shared.responses import ok

from .. import consultas
from ..estatisticas import saude_do_stream
from ..extensions import db
from ..schemas import CorrelacaoPath, EventoPath, EventosQuery

api = APIBlueprint("eventos", __name__, url_prefix="/api/eventos", abp_tags=[Tag(name="eventos")])


def _sessao() -> Session:
    session: Session = db.session()
    return session


@api.get("")
def listar_eventos(query: EventosQuery) -> tuple[Response, int]:
    """Stored events filtered by type, aggregate, correlation and period; `proximo_cursor` pages on."""
    eventos, proximo = consultas.listar(_sessao(), query)
    return ok(eventos, total=len(eventos), proximo_cursor=proximo)


@api.get("/stats")
def estatisticas() -> tuple[Response, int]:
    """The shared stream: length, first/last id, per group pending, lag, consumers and idle time."""
    settings: StreamSettings = current_app.extensions["stream_settings"]
    bus = current_app.extensions["bus"]
    return ok(saude_do_stream(bus, settings.stream, settings.dead_letter_stream))


@api.get("/correlacao/<correlation_id>")
def por_correlacao(path: CorrelacaoPath) -> tuple[Response, int]:
    """One checkout's whole path across services: every event of the correlation, causes first."""
    eventos = consultas.por_correlacao(_sessao(), path.correlation_id)
    return ok(eventos, total=len(eventos))


@api.get("/<event_id>")
def obter_evento(path: EventoPath) -> tuple[Response, int]:
    """One stored event."""
    return ok(consultas.obter(_sessao(), path.event_id))
