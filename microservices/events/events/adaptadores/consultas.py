"""Read-side queries of the event store and of the orders projection (staff's lists and the panel)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from confeitaria_shared.consultas import onde_iguais, utc

from ..dominio.eventos import EventoGuardado
from ..dominio.projecoes import PedidoVisto
from ..models import Evento, PedidoProjetado
from ..servicos.portas import FiltroDeEventos


def guardado(evento: Evento) -> EventoGuardado:
    """A stored event's row as the domain reads it."""
    return EventoGuardado(
        event_id=evento.event_id,
        tipo=evento.tipo,
        agregado_tipo=evento.agregado_tipo,
        agregado_id=evento.agregado_id,
        versao=evento.versao,
        ocorrido_em=evento.ocorrido_em,
        produtor=evento.produtor,
        correlation_id=evento.correlation_id,
        causation_id=evento.causation_id,
        dados=evento.dados,
        posicao=evento.posicao,
    )


def pedido_visto(linha: PedidoProjetado | sa.Row[Any]) -> PedidoVisto:
    """An order's projection row as the domain reads it."""
    return PedidoVisto(
        pedido_id=linha.pedido_id,
        status=linha.status,
        total=linha.total,
        unidades=linha.unidades,
        cliente_id=linha.cliente_id,
        motivo_cancelamento=linha.motivo_cancelamento,
        eventos=linha.eventos,
        criado_em=linha.criado_em,
        atualizado_em=linha.atualizado_em,
    )


class ConsultasDeEventosSql:
    """Pages, single events and correlations read from the event store."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def pagina(self, filtro: FiltroDeEventos, apos: int | None, limite: int) -> list[EventoGuardado]:
        """Up to `limite` events matching `filtro`, past position `apos` in the filter's direction."""
        consulta = onde_iguais(
            sa.select(Evento),
            [
                (Evento.tipo, filtro.tipo),
                (Evento.agregado_tipo, filtro.agregado_tipo),
                (Evento.agregado_id, filtro.agregado_id),
                (Evento.correlation_id, filtro.correlation_id),
            ],
        )
        if filtro.desde:
            consulta = consulta.where(Evento.ocorrido_em >= utc(filtro.desde))
        if filtro.ate:
            consulta = consulta.where(Evento.ocorrido_em <= utc(filtro.ate))
        if apos is not None:
            consulta = consulta.where(Evento.posicao < apos if filtro.descendo else Evento.posicao > apos)
        consulta = consulta.order_by(Evento.posicao.desc() if filtro.descendo else Evento.posicao.asc())
        return [guardado(e) for e in self.session.execute(consulta.limit(limite)).scalars()]

    def obter(self, event_id: str) -> EventoGuardado | None:
        """One stored event."""
        evento = self.session.execute(sa.select(Evento).where(Evento.event_id == event_id)).scalar()
        return None if evento is None else guardado(evento)

    def da_correlacao(self, correlation_id: str) -> list[EventoGuardado]:
        """Every event of one correlation, by occurrence then position."""
        consulta = (
            sa.select(Evento)
            .where(Evento.correlation_id == correlation_id)
            .order_by(Evento.ocorrido_em, Evento.posicao)
        )
        return [guardado(e) for e in self.session.execute(consulta).scalars()]


class ConsultasDePedidosSql:
    """The orders projection as the panel lists it."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def pedidos_recentes(self, limite: int) -> list[PedidoVisto]:
        """The orders last changed, newest first."""
        consulta = sa.select(PedidoProjetado).order_by(PedidoProjetado.atualizado_em.desc()).limit(limite)
        return [pedido_visto(p) for p in self.session.execute(consulta).scalars()]

    def pedidos_por_status(self) -> list[tuple[str, int]]:
        """How many orders in each status."""
        consulta = sa.select(PedidoProjetado.status, sa.func.count()).group_by(PedidoProjetado.status)
        return [(status, n) for status, n in self.session.execute(consulta)]
