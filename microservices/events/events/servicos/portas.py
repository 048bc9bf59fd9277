"""What the use cases need from the stores, declared here and implemented in adaptadores/."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from confeitaria_shared.unidade_de_trabalho import UnidadeDeTrabalho

from ..dominio.cartas import Reprocessamento
from ..dominio.eventos import ContagemDeTipo, EventoGuardado, EventoRecebido
from ..dominio.projecoes import Fato, PedidoVisto
from ..dominio.prova import Linhas


@dataclass(frozen=True)
class FiltroDeEventos:
    """Which stored events a page holds: equal fields, a period, and the direction of the pages."""

    tipo: str | None = None
    agregado_tipo: str | None = None
    agregado_id: str | None = None
    correlation_id: str | None = None
    desde: datetime | None = None
    ate: datetime | None = None
    descendo: bool = True


class ArmazemDeEventos(Protocol):
    """The event store: every event once, numbered in the order it arrived."""

    def guardar_novos(self, eventos: Sequence[EventoRecebido]) -> list[Fato]:
        """Store the events not stored yet (by event id); the facts of those just stored."""

    def fatos_dos_pedidos(self, pedido_ids: Iterable[str]) -> list[Fato]:
        """Every stored event about these orders (theirs and the catalog's reservation of them)."""

    def fatos_sobre_pedidos(self) -> Iterable[Fato]:
        """Every stored event about any order, in store order."""

    def contagem_por_tipo(self) -> list[ContagemDeTipo]:
        """The events per type counted in the store itself."""

    def guardado(self, event_id: str) -> bool:
        """Whether the store holds this event."""

    def pagina(self, filtro: FiltroDeEventos, apos: int | None, limite: int) -> list[EventoGuardado]:
        """Up to `limite` events matching `filtro`, past position `apos` in the filter's direction."""

    def obter(self, event_id: str) -> EventoGuardado | None:
        """One stored event."""

    def da_correlacao(self, correlation_id: str) -> list[EventoGuardado]:
        """Every event of one correlation, by occurrence then position."""


class ProjecoesDeEventos(Protocol):
    """The live read models the worker keeps: orders as their events tell them, events per type."""

    def travar_pedidos(self, pedido_ids: Iterable[str]) -> None:
        """Hold these orders until the transaction ends: two folds of one order would miss each other."""

    def gravar_pedido(self, pedido: PedidoVisto) -> None:
        """Insert or replace an order's row."""

    def somar_tipos(self, contagens: Sequence[ContagemDeTipo]) -> None:
        """Add new events to the per-type counts."""

    def pedidos(self) -> dict[str, PedidoVisto]:
        """Every order's row."""

    def tipos(self) -> list[ContagemDeTipo]:
        """The per-type counts as kept."""

    def congelar(self) -> None:
        """Keep the worker from writing the projections until the transaction ends."""

    def reescrever(self, pedidos: Iterable[PedidoVisto], tipos: Iterable[ContagemDeTipo]) -> None:
        """Replace every row of both projections."""

    def pedidos_recentes(self, limite: int) -> list[PedidoVisto]:
        """The orders last changed, newest first."""

    def pedidos_por_status(self) -> list[tuple[str, int]]:
        """How many orders in each status."""


class Reprocessamentos(Protocol):
    """The records of dead letters sent back by staff."""

    def adicionar(self, registro: Reprocessamento) -> Reprocessamento:
        """Record a re-send; the record with its id and time."""

    def ultimos(self, limite: int) -> list[Reprocessamento]:
        """The latest records, newest first."""


class CartasMortas(Protocol):
    """The dead-letter stream, and what the shared stream's groups did with an entry sent back."""

    def recentes(self, limite: int) -> list[tuple[str, dict[str, str]]]:
        """The newest dead-letter entries first."""

    def quantas(self) -> int:
        """How many dead letters there are."""

    def antigas(self, limite: int) -> list[tuple[str, dict[str, str]]]:
        """The oldest dead-letter entries first."""

    def obter(self, dlq_id: str) -> dict[str, str] | None:
        """One dead letter's fields."""

    def reenviar(self, dlq_id: str, entrada: dict[str, str]) -> str:
        """Add the entry back to the shared stream and drop the dead letter, at once; the new id."""

    def ultimo_entregue(self, grupo: str) -> str | None:
        """The last id the group was given (None when the group or the stream does not exist)."""

    def pendente(self, grupo: str, entry_id: str) -> bool:
        """Whether the group was given the entry and has not acknowledged it."""


@dataclass(frozen=True)
class EstadoDoGrupo:
    """One consumer group of the shared stream."""

    nome: str
    pendentes: int
    atraso: int | None  # entries not yet delivered to the group; None when Redis does not say
    ultimo_entregue: str
    consumidores: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class EstadoDoStream:
    """The shared stream's length and ends."""

    comprimento: int
    primeiro_id: str | None
    ultimo_id: str


class MonitorDoStream(Protocol):
    """Reads the shared stream's state."""

    stream: str

    def estado(self) -> EstadoDoStream | None:
        """The stream's length and ends (None when it does not exist)."""

    def grupos(self) -> list[EstadoDoGrupo]:
        """Its consumer groups and their consumers."""

    def cartas_mortas(self) -> int:
        """How many dead letters there are."""


class ServicoDePedidos(Protocol):
    """The orders service's own read model (over its API)."""

    endereco: str

    def status_e_totais(self) -> Linhas:
        """Every order's (status, total); IndisponivelError when it does not answer sensibly."""


class UnidadeDeEventos(UnidadeDeTrabalho):
    """The events service's transaction: the event store, the live projections, the re-send records."""

    eventos: ArmazemDeEventos
    projecoes: ProjecoesDeEventos
    reprocessamentos: Reprocessamentos
