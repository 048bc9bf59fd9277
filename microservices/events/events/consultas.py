"""Queries of the event store: filtered pages with a stable cursor, one event, one correlation."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from confeitaria_shared.errors import ApiError

from .models import Evento
from .schemas import EventosQuery


def _cursor(posicao: int) -> str:
    return base64.urlsafe_b64encode(f"p{posicao}".encode()).decode().rstrip("=")


def _posicao(cursor: str) -> int:
    try:
        texto = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        texto = ""
    if not texto.startswith("p") or not texto[1:].isdigit():
        raise ApiError(400, "CURSOR_INVALIDO", "cursor inválido: use o proximo_cursor da página anterior.")
    return int(texto[1:])


def _utc(instante: datetime) -> datetime:
    return instante if instante.tzinfo else instante.replace(tzinfo=UTC)


def listar(session: Session, filtro: EventosQuery) -> tuple[list[dict[str, object]], str | None]:
    """One page of events and the cursor of the next (None at the end)."""
    consulta = sa.select(Evento)
    for coluna, valor in (
        (Evento.tipo, filtro.tipo),
        (Evento.agregado_tipo, filtro.agregado_tipo),
        (Evento.agregado_id, filtro.agregado_id),
        (Evento.correlation_id, filtro.correlation_id),
    ):
        if valor:
            consulta = consulta.where(coluna == valor)
    if filtro.desde:
        consulta = consulta.where(Evento.ocorrido_em >= _utc(filtro.desde))
    if filtro.ate:
        consulta = consulta.where(Evento.ocorrido_em <= _utc(filtro.ate))
    # The store's position only grows: a cursor on it never skips or repeats an event.
    descendo = filtro.ordem == "desc"
    if filtro.cursor:
        posicao = _posicao(filtro.cursor)
        consulta = consulta.where(Evento.posicao < posicao if descendo else Evento.posicao > posicao)
    consulta = consulta.order_by(Evento.posicao.desc() if descendo else Evento.posicao.asc())
    eventos = list(session.execute(consulta.limit(filtro.limite + 1)).scalars())
    proximo = _cursor(eventos[filtro.limite - 1].posicao) if len(eventos) > filtro.limite else None
    return [e.to_dict() for e in eventos[: filtro.limite]], proximo


def obter(session: Session, event_id: str) -> dict[str, object]:
    """One stored event; 404 when the store does not have it."""
    evento = session.execute(sa.select(Evento).where(Evento.event_id == event_id)).scalar()
    if evento is None:
        raise ApiError(404, "EVENTO_NAO_ENCONTRADO", f"Evento {event_id} não está no armazenamento.")
    return evento.to_dict()


def por_correlacao(session: Session, correlation_id: str) -> list[dict[str, object]]:
    """Every event of one correlation, causes before effects."""
    eventos = list(
        session.execute(
            sa.select(Evento)
            .where(Evento.correlation_id == correlation_id)
            .order_by(Evento.ocorrido_em, Evento.posicao)
        ).scalars()
    )
    return _em_ordem_causal([e.to_dict() for e in eventos])


def _em_ordem_causal(eventos: list[dict[str, object]]) -> list[dict[str, object]]:
    """Order so that every event comes after its cause (clocks of different services may differ)."""
    ids = {e["event_id"] for e in eventos}
    filhos: dict[object, list[dict[str, object]]] = {}
    raizes: list[dict[str, object]] = []
    for evento in eventos:
        causa = evento.get("causation_id")
        if causa in ids:
            filhos.setdefault(causa, []).append(evento)
        else:
            raizes.append(evento)
    ordem: list[dict[str, object]] = []
    fila = list(raizes)
    while fila:
        # Among the events ready to be listed (their cause already is), the earliest goes first.
        fila.sort(key=lambda e: (str(e["occurred_at"]), int(str(e["posicao"]))))
        atual = fila.pop(0)
        ordem.append(atual)
        fila.extend(filhos.get(atual["event_id"], []))
    return ordem
