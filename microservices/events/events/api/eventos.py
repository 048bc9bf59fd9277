"""Event store queries, the live feed and the health of the shared stream: all for staff only."""

from __future__ import annotations

import re
from collections.abc import Iterator

from flask import Response, current_app, request, stream_with_context
from flask_openapi3 import APIBlueprint, Tag

from confeitaria_shared.auth import exigir_staff
from confeitaria_shared.config import StreamSettings
from confeitaria_shared.errors import ApiError
from confeitaria_shared.extensoes import extensao
from confeitaria_shared.openapi import FLUXO_DE_EVENTOS, STAFF_ONLY
from confeitaria_shared.responses import ok

from ..acesso import STAFF_OU_PAINEL, exigir_staff_ou_painel
from ..adaptadores.barramento import MonitorNoRedis
from ..adaptadores.unidade import UnidadeSqlDeEventos
from ..extensions import db
from ..feed import STREAM_ID, LimiteDeFeeds, acompanhar
from ..schemas import CorrelacaoPath, EventoPath, EventosQuery, FeedQuery
from ..servicos import consultas
from ..servicos.estatisticas import saude_do_stream

api = APIBlueprint("eventos", __name__, url_prefix="/api/eventos", abp_tags=[Tag(name="eventos")])


@api.before_request
def _so_para_staff() -> None:
    # Before the parameters are validated: without staff, no route tells anything, not even an error.
    if request.endpoint == "eventos.feed_ao_vivo":
        exigir_staff_ou_painel()
    else:
        exigir_staff()


@api.get("", security=STAFF_ONLY)
def listar_eventos(query: EventosQuery) -> tuple[Response, int]:
    """Stored events filtered by type, aggregate, correlation and period; `proximo_cursor` pages on."""
    with UnidadeSqlDeEventos(db.session) as uow:
        eventos, proximo = consultas.listar_eventos(uow, query.filtro(), query.limite, query.cursor)
    return ok(eventos, total=len(eventos), proximo_cursor=proximo)


@api.get("/stats", security=STAFF_ONLY)
def estatisticas() -> tuple[Response, int]:
    """The shared stream: length, first/last id, per group pending, lag, consumers and idle time."""
    return ok(saude_do_stream(extensao("monitor_do_stream", MonitorNoRedis)))


@api.get("/stream", security=STAFF_OU_PAINEL, responses=FLUXO_DE_EVENTOS)
def feed_ao_vivo(query: FeedQuery) -> Response:
    """Live feed as Server-Sent Events (filter `tipo=A,B`); resumes after the `Last-Event-ID` entry.

    Staff's Bearer token, or the admin panel's login cookie (the panel's page opens it in the browser).
    """
    ultimo = request.headers.get("Last-Event-ID", "").strip()
    if ultimo and not re.match(STREAM_ID, ultimo):
        raise ApiError(
            400, "LAST_EVENT_ID_INVALIDO", "Last-Event-ID deve ser um id do stream, como 1700000000000-0."
        )
    settings = extensao("stream_settings", StreamSettings)
    bus = current_app.extensions["bus"]
    limite = extensao("limite_de_feeds", LimiteDeFeeds)
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


@api.get("/correlacao/<correlation_id>", security=STAFF_ONLY)
def por_correlacao(path: CorrelacaoPath) -> tuple[Response, int]:
    """One checkout's whole path across services: every event of the correlation, causes first."""
    with UnidadeSqlDeEventos(db.session) as uow:
        eventos = consultas.por_correlacao(uow, path.correlation_id)
    return ok(eventos, total=len(eventos))


@api.get("/<event_id>", security=STAFF_ONLY)
def obter_evento(path: EventoPath) -> tuple[Response, int]:
    """One stored event."""
    with UnidadeSqlDeEventos(db.session) as uow:
        return ok(consultas.obter_evento(uow, path.event_id))
