"""Reading the event store: filtered pages with a stable cursor, one event, one correlation."""

from __future__ import annotations

from confeitaria_shared.dominio import NaoEncontradoError

from ..dominio.cursor import cursor_de, posicao_do
from ..dominio.eventos import em_ordem_causal
from ..dominio.projecoes import PedidoVisto
from .portas import FiltroDeEventos, UnidadeDeEventos


def listar_eventos(
    uow: UnidadeDeEventos, filtro: FiltroDeEventos, limite: int, cursor: str | None = None
) -> tuple[list[dict[str, object]], str | None]:
    """One page of events and the cursor of the next (None at the end)."""
    # The store's position only grows: a cursor on it never skips or repeats an event.
    apos = posicao_do(cursor) if cursor else None
    eventos = uow.eventos.pagina(filtro, apos, limite + 1)
    proximo = cursor_de(eventos[limite - 1].posicao) if len(eventos) > limite else None
    return [e.como_dict() for e in eventos[:limite]], proximo


def obter_evento(uow: UnidadeDeEventos, event_id: str) -> dict[str, object]:
    """One stored event; 404 EVENTO_NAO_ENCONTRADO when the store does not have it."""
    evento = uow.eventos.obter(event_id)
    if evento is None:
        raise NaoEncontradoError("EVENTO_NAO_ENCONTRADO", f"Evento {event_id} não está no armazenamento.")
    return evento.como_dict()


def por_correlacao(uow: UnidadeDeEventos, correlation_id: str) -> list[dict[str, object]]:
    """Every event of one correlation, causes before effects."""
    return [e.como_dict() for e in em_ordem_causal(uow.eventos.da_correlacao(correlation_id))]


def pedidos_projetados(uow: UnidadeDeEventos, limite: int) -> tuple[list[PedidoVisto], list[tuple[str, int]]]:
    """The orders last changed, and how many orders are in each status (in status order)."""
    return uow.projecoes.pedidos_recentes(limite), sorted(uow.projecoes.pedidos_por_status())
