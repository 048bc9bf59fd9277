"""Dead letters: what no consumer could handle, read from their entries, and the record of a re-send."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from confeitaria_shared.envelope import STREAM_FIELD

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
REENVIADO = "reenviado"


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


def id_do_stream(texto: str) -> tuple[int, int]:
    """A stream entry id as a comparable pair (milliseconds, sequence)."""
    ms, _, seq = texto.partition("-")
    return int(ms), int(seq or 0)


@dataclass(frozen=True)
class Reprocessamento:
    """One dead letter sent back to the stream by staff (`id` and `em` once it is recorded)."""

    dlq_id: str
    event_id: str | None
    tipo: str | None
    grupo: str
    erro: str
    entregas: int
    resultado: str
    novo_id: str | None
    pedido_por: str
    id: int | None = None
    em: datetime | None = None

    @classmethod
    def da_carta(cls, morta: dict[str, Any], novo_id: str, usuario: str) -> Reprocessamento:
        """The record of a dead letter just re-sent as `novo_id`."""
        return cls(
            dlq_id=morta["id"],
            event_id=morta["event_id"],
            tipo=morta["tipo"],
            grupo=morta["grupo"] or "",
            erro=morta["erro"] or "",
            entregas=morta["entregas"],
            resultado=REENVIADO,
            novo_id=novo_id,
            pedido_por=usuario,
        )

    def como_dict(self, situacao: str) -> dict[str, Any]:
        """The record as the API shows it, with what became of the entry."""
        return {
            "id": self.id,
            "dlq_id": self.dlq_id,
            "event_id": self.event_id,
            "tipo": self.tipo,
            "grupo": self.grupo,
            "erro": self.erro,
            "entregas": self.entregas,
            "resultado": self.resultado,
            "novo_id": self.novo_id,
            "pedido_por": self.pedido_por,
            "em": self.em.isoformat() if self.em else None,
            "situacao": situacao,
        }
