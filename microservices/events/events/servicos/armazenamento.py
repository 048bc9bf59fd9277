"""Storing the bus's events once, and keeping the projections current with them."""

from __future__ import annotations

from collections.abc import Sequence

from confeitaria_shared.envelope import EventEnvelope

from ..dominio.eventos import EventoRecebido, contar_por_tipo
from ..dominio.projecoes import pedido_do_fato, projetar_pedidos
from .portas import UnidadeDeEventos


def armazenar_lote(uow: UnidadeDeEventos, eventos: Sequence[EventEnvelope]) -> None:
    """Store the events not stored yet, then count them and refold the orders they are about."""
    if not eventos:
        return
    novos = uow.eventos.guardar_novos([EventoRecebido.do_envelope(evento) for evento in eventos])
    # A redelivered event stores nothing above, so it is not counted or folded twice here.
    if novos:
        uow.projecoes.somar_tipos(contar_por_tipo(novos))
    reprojetar_pedidos(uow, {p for f in novos if (p := pedido_do_fato(f)) is not None})
    uow.commit()


def reprojetar_pedidos(uow: UnidadeDeEventos, pedido_ids: set[str]) -> None:
    """Refold each order from all its stored events, so a late event lands in its place."""
    if not pedido_ids:
        return
    uow.projecoes.travar_pedidos(sorted(pedido_ids))
    for pedido in projetar_pedidos(uow.eventos.fatos_dos_pedidos(pedido_ids)).values():
        uow.projecoes.gravar_pedido(pedido)
