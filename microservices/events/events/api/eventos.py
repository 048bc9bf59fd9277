"""Event store queries and the health of the shared stream."""

from __future__ import annotations

import re
from collections.abc import Iterator

from flask import Response, current_app, request, stream_with_context
from flask_openapi3 import APIBlueprint, Tag
from sqlalchemy.orm import Session

from confeitaria_shared.config import StreamSettings
from confeitaria_shared.errors import ApiError
from confeitaria_shared.responses import ok

from .. import consultas
from ..estatisticas import saude_do_stream
from ..extensions import db
from ..feed import STREAM_ID, LimiteDeFeeds, acompanhar
from ..schemas import CorrelacaoPath, EventoPath, EventosQuery, FeedQuery

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


@api.get("/stream")
def feed_ao_vivo(query: FeedQuery) -> Response:
    """Live feed as Server-Sent Events (filter `tipo=A,B`); resumes after the `Last-Event-ID` entry."""
    ultimo = request.headers.get("Last-Event-ID", "").strip()
    if ultimo and not re.match(STREAM_ID, ultimo):
        raise ApiError(
            400, "LAST_EVENT_ID_INVALIDO", "Last-Event-ID deve ser um id do stream, como 1700000000000-0."
        )
    settings: StreamSettings = current_app.extensions["stream_settings"]
    bus = current_app.extensions["bus"]
    limite: LimiteDeFeeds = current_app.extensions["limite_de_feeds"]
    tipos = set(query.tipo.split(",")) if query.tipo else set()
    limite.entrar()

    def gerar() -> Iterator[str]:
        try:
            yield from acompanhar(bus, settings.stream, ultimo or "$", tipos)
        finally:
            limite.sair()

    resposta = Response(stream_with_context(gerar()), mimetype="text/event-stream")
    resposta.headers["Cache-Control"] = "no-cache"
    resposta.headers["X-Accel-Buffering"] = "no"  # Nginx must pass each frame on at once
    return resposta


@api.get("/correlacao/<correlation_id>")
def por_correlacao(path: CorrelacaoPath) -> tuple[Response, int]:
    """One checkout's whole path across services: every event of the correlation, causes first."""
    eventos = consultas.por_correlacao(_sessao(), path.correlation_id)
    return ok(eventos, total=len(eventos))


@api.get("/<event_id>")
def obter_evento(path: EventoPath) -> tuple[Response, int]:
    """One stored event."""
    return ok(consultas.obter(_sessao(), path.event_id))
