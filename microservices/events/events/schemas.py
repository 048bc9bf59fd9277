"""Request models of the events API: they validate input and write the OpenAPI document."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from confeitaria_shared.campos import Instante
from confeitaria_shared.contratos import Fechado
from confeitaria_shared.faults import SERVICOS

from .servicos.portas import FiltroDeEventos

LIMITE_MAX = 500


class EventosQuery(Fechado):
    """Filters of the stored events, one page at a time (`cursor` from the previous page)."""

    tipo: str | None = Field(None, max_length=80, pattern=r"^[A-Za-z]+$")
    agregado_tipo: str | None = Field(None, max_length=60, pattern=r"^[A-Za-z]+$")
    agregado_id: str | None = Field(None, max_length=120)
    correlation_id: str | None = Field(None, max_length=128)
    desde: Instante | None = None
    ate: Instante | None = None
    ordem: Literal["asc", "desc"] = "desc"
    cursor: str | None = Field(None, max_length=40)
    limite: int = Field(50, ge=1, le=LIMITE_MAX)

    def filtro(self) -> FiltroDeEventos:
        """The filters as the use case takes them."""
        return FiltroDeEventos(
            self.tipo,
            self.agregado_tipo,
            self.agregado_id,
            self.correlation_id,
            self.desde,
            self.ate,
            descendo=self.ordem == "desc",
        )


class EventoPath(Fechado):
    """An event id in the path (a UUID)."""

    event_id: str = Field(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class CorrelacaoPath(Fechado):
    """A correlation id (the request id that started a chain of events)."""

    correlation_id: str = Field(pattern=r"^[A-Za-z0-9._:-]{1,128}$")


class FeedQuery(Fechado):
    """Which event types the live feed sends (comma-separated; all when absent)."""

    tipo: str | None = Field(None, max_length=400, pattern=r"^[A-Za-z]+(,[A-Za-z]+)*$")


class LimiteQuery(Fechado):
    """How many entries to show (newest first)."""

    limite: int = Field(50, ge=1, le=LIMITE_MAX)


class CartaPath(Fechado):
    """A dead letter's entry id in the dead-letter stream."""

    dlq_id: str = Field(pattern=r"^[0-9]{1,20}-[0-9]{1,20}$")


class ServicoPath(Fechado):
    """A service whose fault toggles are meant."""

    servico: str = Field(pattern="^(" + "|".join(SERVICOS) + ")$")


class FalhasNovas(Fechado):
    """Fault toggles of one service: share of requests answered 503, added delay, readiness off."""

    taxa_erro: float = Field(0.0, ge=0.0, le=1.0)
    latencia_ms: int = Field(0, ge=0, le=30_000)
    readiness_falha: bool = False
