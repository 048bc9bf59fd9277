"""Dead letters: what no consumer could handle, listed with its error, and sent back by staff."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

import redis
from confeitaria_shared.config import StreamSettings
from confeitaria_shared.envelope import STREAM_FIELD
from confeitaria_shared.errors import ApiError

from .models import Evento, Reprocessamento

# Fields the consumer adds when it dead-letters an entry; the rest is the original entry.
CAMPOS_DLQ = (
    "dlq_original_id",
    "dlq_stream",
    "dlq_group",
    "dlq_consumer",
    "dlq_error",
    "dlq_deliveries",
    "dlq_at",
)
REPROCESSAR_NO_MAXIMO = 1000


def _evento(campos: dict[str, str]) -> dict[str, Any]:
    """The event's identity as far as the entry can be read (a malformed one may have none)."""
    try:
        envelope = json.loads(campos.get(STREAM_FIELD) or "{}")
    except ValueError:
        envelope = {}
    if not isinstance(envelope, dict):
        envelope = {}
    return {"event_id": envelope.get("event_id"), "tipo": envelope.get("type") or campos.get("type")}


def _numero(texto: str | None) -> float | None:
    try:
        return float(texto) if texto else None
    except ValueError:
        return None


def carta(entry_id: str, campos: dict[str, str]) -> dict[str, Any]:
    """One dead letter as the API shows it (an entry someone added by hand reads as far as it can)."""
    em = _numero(campos.get("dlq_at"))
    original = {k: v for k, v in campos.items() if k not in CAMPOS_DLQ}
    return {
        "id": entry_id,
        **_evento(campos),
        "grupo": campos.get("dlq_group"),
        "consumidor": campos.get("dlq_consumer"),
        "erro": campos.get("dlq_error"),
        "entregas": int(_numero(campos.get("dlq_deliveries")) or 0),
        "id_original": campos.get("dlq_original_id"),
        "morto_em": datetime.fromtimestamp(em, UTC).isoformat() if em is not None else None,
        "entrada": original,
    }


def listar(bus: redis.Redis, settings: StreamSettings, limite: int) -> tuple[list[dict[str, Any]], int]:
    """The newest dead letters first, and how many there are."""
    b = cast(Any, bus)
    entradas = b.xrevrange(settings.dead_letter_stream, count=limite)
    return [carta(entry_id, campos) for entry_id, campos in entradas], int(
        b.xlen(settings.dead_letter_stream)
    )


def reprocessar(
    session: Session, bus: redis.Redis, settings: StreamSettings, dlq_id: str, usuario: str
) -> dict[str, Any]:
    """Send one dead letter back to the shared stream and record it; 404 when there is no such entry."""
    b = cast(Any, bus)
    entradas = b.xrange(settings.dead_letter_stream, min=dlq_id, max=dlq_id)
    if not entradas:
        raise ApiError(404, "CARTA_NAO_ENCONTRADA", f"Não há carta morta {dlq_id}.", dlq_id=dlq_id)
    morta = carta(*entradas[0])
    registro = Reprocessamento(
        dlq_id=dlq_id,
        event_id=morta["event_id"],
        tipo=morta["tipo"],
        grupo=morta["grupo"] or "",
        erro=morta["erro"] or "",
        entregas=morta["entregas"],
        resultado="reenviado",
        pedido_por=usuario,
    )
    # Every consumer is idempotent: the groups that handled the event skip it, the one that failed
    # tries again. The re-send and the removal from the dead letters are one Redis transaction.
    pipe = b.pipeline(transaction=True)
    pipe.xadd(settings.stream, morta["entrada"])
    pipe.xdel(settings.dead_letter_stream, dlq_id)
    novo_id, _ = pipe.execute()
    registro.novo_id = novo_id
    session.add(registro)
    session.commit()
    return registro_dict(registro, situacao(session, bus, settings, registro))


def reprocessar_todas(
    session: Session, bus: redis.Redis, settings: StreamSettings, usuario: str
) -> list[dict[str, Any]]:
    """Send the oldest dead letters back (at most REPROCESSAR_NO_MAXIMO per call)."""
    b = cast(Any, bus)
    entradas = b.xrange(settings.dead_letter_stream, count=REPROCESSAR_NO_MAXIMO)
    return [reprocessar(session, bus, settings, entry_id, usuario) for entry_id, _ in entradas]


def _id(texto: str) -> tuple[int, int]:
    ms, _, seq = texto.partition("-")
    return int(ms), int(seq or 0)


def _ids_originais(bus: redis.Redis, settings: StreamSettings) -> set[str]:
    """The stream ids the current dead letters had (a re-sent entry that failed again is one)."""
    entradas = cast(Any, bus).xrevrange(settings.dead_letter_stream, count=REPROCESSAR_NO_MAXIMO)
    return {campos.get("dlq_original_id", "") for _, campos in entradas}


def situacao(
    session: Session,
    bus: redis.Redis,
    settings: StreamSettings,
    registro: Reprocessamento,
    mortos_de_novo: set[str] | None = None,
) -> str:
    """What became of a re-sent entry in the group that had failed it."""
    b = cast(Any, bus)
    if registro.novo_id is None:
        return registro.resultado
    if registro.grupo == "events" and registro.event_id:
        guardado = session.execute(
            sa.select(Evento.posicao).where(Evento.event_id == registro.event_id)
        ).first()
        if guardado is not None:
            return "armazenado"
    if registro.novo_id in (mortos_de_novo if mortos_de_novo is not None else _ids_originais(bus, settings)):
        return "falhou_de_novo"
    try:
        grupos = {g["name"]: g for g in b.xinfo_groups(settings.stream)}
    except redis.ResponseError:
        grupos = {}
    grupo = grupos.get(registro.grupo)
    if grupo is None:
        return "desconhecida"
    if _id(str(grupo["last-delivered-id"])) < _id(registro.novo_id):
        return "aguardando"
    if b.xpending_range(settings.stream, registro.grupo, min=registro.novo_id, max=registro.novo_id, count=1):
        return "em_processamento"
    return "processado"


def registro_dict(registro: Reprocessamento, situacao_atual: str) -> dict[str, Any]:
    """A reprocessing record as the API shows it."""
    return {
        "id": registro.id,
        "dlq_id": registro.dlq_id,
        "event_id": registro.event_id,
        "tipo": registro.tipo,
        "grupo": registro.grupo,
        "erro": registro.erro,
        "entregas": registro.entregas,
        "resultado": registro.resultado,
        "novo_id": registro.novo_id,
        "pedido_por": registro.pedido_por,
        "em": registro.em.isoformat() if registro.em else None,
        "situacao": situacao_atual,
    }


def historico(
    session: Session, bus: redis.Redis, settings: StreamSettings, limite: int
) -> list[dict[str, Any]]:
    """The latest reprocessings, newest first, each with what became of it."""
    registros = session.execute(
        sa.select(Reprocessamento).order_by(Reprocessamento.id.desc()).limit(limite)
    ).scalars()
    # The dead letters are read once for the whole page, not once per record.
    mortos_de_novo = _ids_originais(bus, settings)
    return [registro_dict(r, situacao(session, bus, settings, r, mortos_de_novo)) for r in registros]
