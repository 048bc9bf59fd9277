"""Events as the store keeps them: received from the bus without personal data, then numbered."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from confeitaria_shared.envelope import EventEnvelope
from confeitaria_shared.privacidade import sem_dados_pessoais

from .projecoes import Fato


@dataclass(frozen=True)
class EventoRecebido:
    """An event envelope as the store keeps it (not yet numbered)."""

    event_id: str
    tipo: str
    agregado_tipo: str
    agregado_id: str
    versao: int
    ocorrido_em: datetime
    produtor: str
    correlation_id: str | None
    causation_id: str | None
    dados: dict[str, Any]

    @classmethod
    def do_envelope(cls, evento: EventEnvelope) -> EventoRecebido:
        """The envelope to store, its payload without personal data."""
        return cls(
            event_id=evento.event_id,
            tipo=evento.type,
            agregado_tipo=evento.aggregate_type,
            agregado_id=evento.aggregate_id,
            versao=evento.version,
            ocorrido_em=datetime.fromisoformat(evento.occurred_at),
            produtor=evento.producer,
            correlation_id=evento.correlation_id,
            causation_id=evento.causation_id,
            # The orders service publishes no personal data; this catches what was published before
            # it stopped (an outbox row from before the upgrade, an old dead letter sent back).
            dados=sem_dados_pessoais(evento.data),
        )

    def fato(self) -> Fato:
        """The projections' view of this event."""
        return Fato(
            self.tipo, self.agregado_tipo, self.agregado_id, self.versao, self.ocorrido_em, self.dados
        )


@dataclass(frozen=True)
class EventoGuardado(EventoRecebido):
    """A stored event, with its position in the store (which only grows)."""

    posicao: int

    def como_dict(self) -> dict[str, object]:
        """The event as the API shows it (the envelope's own field names)."""
        return {
            "event_id": self.event_id,
            "type": self.tipo,
            "aggregate_type": self.agregado_tipo,
            "aggregate_id": self.agregado_id,
            "version": self.versao,
            "occurred_at": self.ocorrido_em.isoformat(),
            "producer": self.produtor,
            "correlation_id": self.correlation_id,
            "causation_id": self.causation_id,
            "data": self.dados,
            "posicao": self.posicao,
        }


@dataclass(frozen=True)
class ContagemDeTipo:
    """How many events of a type, and when the last one happened."""

    tipo: str
    quantidade: int
    ultimo_em: datetime


def contar_por_tipo(fatos: Iterable[Fato]) -> list[ContagemDeTipo]:
    """The facts counted per type, with each type's latest occurrence, in type order."""
    contagem: Counter[str] = Counter()
    ultimo: dict[str, datetime] = {}
    for f in fatos:
        contagem[f.tipo] += 1
        ultimo[f.tipo] = max(ultimo.get(f.tipo, f.ocorrido_em), f.ocorrido_em)
    return [ContagemDeTipo(tipo, n, ultimo[tipo]) for tipo, n in sorted(contagem.items())]


def em_ordem_causal(eventos: Iterable[EventoGuardado]) -> list[EventoGuardado]:
    """Order so that every event comes after its cause (clocks of different services may differ)."""
    lista = list(eventos)
    ids = {e.event_id for e in lista}
    filhos: dict[str, list[EventoGuardado]] = {}
    fila: list[EventoGuardado] = []
    for evento in lista:
        if evento.causation_id in ids:
            filhos.setdefault(str(evento.causation_id), []).append(evento)
        else:
            fila.append(evento)
    ordem: list[EventoGuardado] = []
    while fila:
        # Among the events ready to be listed (their cause already is), the earliest goes first.
        fila.sort(key=lambda e: (e.ocorrido_em.isoformat(), e.posicao))
        atual = fila.pop(0)
        ordem.append(atual)
        fila.extend(filhos.get(atual.event_id, []))
    return ordem
