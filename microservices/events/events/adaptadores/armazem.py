"""The event store and the live projections in PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from confeitaria_shared.contratos import eventos

from ..dominio.eventos import ContagemDeTipo, EventoRecebido
from ..dominio.projecoes import PEDIDO, RESERVA, Fato, PedidoVisto
from ..models import Evento, EventosPorTipo, PedidoProjetado
from .consultas import ConsultasDeEventosSql, ConsultasDePedidosSql, pedido_visto

# Stored events about orders: their own, and the catalog's reservation of them (see pedido_do_fato).
SOBRE_PEDIDOS = sa.or_(
    Evento.agregado_tipo == PEDIDO,
    sa.and_(Evento.agregado_tipo == RESERVA, Evento.tipo == eventos.ESTOQUE_RESERVADO),
)
CONTAGEM = sa.select(Evento.tipo, sa.func.count(), sa.func.max(Evento.ocorrido_em)).group_by(Evento.tipo)


def _fato(evento: Evento | sa.Row[Any]) -> Fato:
    return Fato(
        evento.tipo, evento.agregado_tipo, evento.agregado_id, evento.versao, evento.ocorrido_em, evento.dados
    )


class ArmazemSql(ConsultasDeEventosSql):
    """The `eventos` table: each event inserted once, by its id."""

    def guardar_novos(self, novos: Sequence[EventoRecebido]) -> list[Fato]:
        """Insert the events not stored yet in one statement; the facts of those inserted."""
        inseridos = self.session.execute(
            insert(Evento)
            .values([asdict(evento) for evento in novos])
            .on_conflict_do_nothing(index_elements=["event_id"])
            .returning(
                Evento.tipo,
                Evento.agregado_tipo,
                Evento.agregado_id,
                Evento.versao,
                Evento.ocorrido_em,
                Evento.dados,
            )
        ).all()
        return [_fato(linha) for linha in inseridos]

    def fatos_dos_pedidos(self, pedido_ids: Iterable[str]) -> list[Fato]:
        """Every stored event about these orders."""
        consulta = sa.select(Evento).where(Evento.agregado_id.in_(list(pedido_ids)), SOBRE_PEDIDOS)
        return [_fato(evento) for evento in self.session.execute(consulta).scalars()]

    def fatos_sobre_pedidos(self) -> Iterator[Fato]:
        """Every stored event about any order, in store order, a thousand rows at a time."""
        consulta = (
            sa.select(Evento).where(SOBRE_PEDIDOS).order_by(Evento.posicao).execution_options(yield_per=1000)
        )
        return (_fato(evento) for evento in self.session.execute(consulta).scalars())

    def contagem_por_tipo(self) -> list[ContagemDeTipo]:
        """The events per type counted in the store itself."""
        return [ContagemDeTipo(tipo, n, ultimo) for tipo, n, ultimo in self.session.execute(CONTAGEM)]

    def guardado(self, event_id: str) -> bool:
        """Whether the store holds this event."""
        consulta = sa.select(Evento.posicao).where(Evento.event_id == event_id)
        return self.session.execute(consulta).first() is not None


def _linha_do_pedido(pedido: PedidoVisto) -> dict[str, Any]:
    return asdict(pedido)


class ProjecoesSql(ConsultasDePedidosSql):
    """The `pedidos_projetados` and `eventos_por_tipo` tables."""

    def travar_pedidos(self, pedido_ids: Iterable[str]) -> None:
        """One transaction-scoped advisory lock per order, always taken in the same order."""
        for pedido_id in sorted(pedido_ids):
            self.session.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(pedido_id))))

    def gravar_pedido(self, pedido: PedidoVisto) -> None:
        """Insert or replace an order's row."""
        linha = _linha_do_pedido(pedido)
        novo = insert(PedidoProjetado).values(linha)
        self.session.execute(
            novo.on_conflict_do_update(
                index_elements=["pedido_id"], set_={k: novo.excluded[k] for k in linha if k != "pedido_id"}
            )
        )

    def somar_tipos(self, contagens: Sequence[ContagemDeTipo]) -> None:
        """Add new events to the per-type counts."""
        novo = insert(EventosPorTipo).values([asdict(c) for c in contagens])
        self.session.execute(
            novo.on_conflict_do_update(
                index_elements=["tipo"],
                set_={
                    "quantidade": EventosPorTipo.quantidade + novo.excluded.quantidade,
                    "ultimo_em": sa.func.greatest(EventosPorTipo.ultimo_em, novo.excluded.ultimo_em),
                },
            )
        )

    def pedidos(self) -> dict[str, PedidoVisto]:
        """Every order's row."""
        # Plain rows, not mapped objects: `reescrever` may delete and insert these keys in this session.
        linhas = self.session.execute(sa.select(PedidoProjetado.__table__))
        return {linha.pedido_id: pedido_visto(linha) for linha in linhas}

    def tipos(self) -> list[ContagemDeTipo]:
        """The per-type counts as the worker keeps them."""
        consulta = sa.select(EventosPorTipo.tipo, EventosPorTipo.quantidade, EventosPorTipo.ultimo_em)
        return [ContagemDeTipo(tipo, n, ultimo) for tipo, n, ultimo in self.session.execute(consulta)]

    def congelar(self) -> None:
        """Lock both tables until the transaction ends (the worker's writes wait)."""
        self.session.execute(sa.text("LOCK TABLE pedidos_projetados, eventos_por_tipo IN EXCLUSIVE MODE"))

    def reescrever(self, pedidos: Iterable[PedidoVisto], tipos: Iterable[ContagemDeTipo]) -> None:
        """Replace every row of both projections."""
        self.session.execute(sa.delete(PedidoProjetado))
        self.session.execute(sa.delete(EventosPorTipo))
        linhas = [_linha_do_pedido(p) for p in pedidos]
        if linhas:
            self.session.execute(sa.insert(PedidoProjetado), linhas)
        contagens = [asdict(c) for c in tipos]
        if contagens:
            self.session.execute(sa.insert(EventosPorTipo), contagens)
