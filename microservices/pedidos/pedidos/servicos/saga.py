"""The orders' part of the saga: the catalog's answers, and the sweep of orders it never answered."""

from __future__ import annotations

import logging
from typing import cast

from confeitaria_shared.contratos import eventos
from confeitaria_shared.contratos.status import CANCELADO
from confeitaria_shared.envelope import EventEnvelope

from ..dominio.pedido import ESTOQUE_EXPIRADO, ESTOQUE_INSUFICIENTE, EXPIRADO, Pedido
from .pagamento import cancelar, cobrar_e_concluir
from .portas import ProvedorDePagamento
from .relogio import agora
from .unidade import UnidadeDePedidos

log = logging.getLogger(__name__)


def _pedido_do_evento(evento: EventEnvelope, uow: UnidadeDePedidos) -> Pedido | None:
    return uow.pedidos.obter(str(evento.data.get("pedido_id") or evento.aggregate_id))


def ao_reservar_estoque(evento: EventEnvelope, uow: UnidadeDePedidos, provedor: ProvedorDePagamento) -> None:
    """EstoqueReservado: record the catalog's prices, charge, then confirm or cancel."""
    pedido = _pedido_do_evento(evento, uow)
    # A late or repeated answer (the order already moved on) changes nothing.
    if pedido is None or not pedido.permite(eventos.ESTOQUE_RESERVADO):
        return
    reserva = cast(eventos.EstoqueReservadoDados, evento.data)
    pedido = pedido.registrar(eventos.ESTOQUE_RESERVADO, {"itens": reserva["itens"]}, agora())
    uow.pedidos.guardar(cobrar_e_concluir(uow, pedido, provedor), causa=evento)
    uow.commit()


def ao_faltar_estoque(evento: EventEnvelope, uow: UnidadeDePedidos, provedor: ProvedorDePagamento) -> None:
    """EstoqueInsuficiente: cancel the order, saying what was missing."""
    pedido = _pedido_do_evento(evento, uow)
    if pedido is None or not pedido.permite(eventos.ESTOQUE_INSUFICIENTE):
        return
    falta = cast(eventos.EstoqueInsuficienteDados, evento.data)
    pedido = pedido.registrar(eventos.ESTOQUE_INSUFICIENTE, {"faltando": falta.get("faltando", [])}, agora())
    uow.pedidos.guardar(cancelar(uow, pedido, ESTOQUE_INSUFICIENTE, provedor), causa=evento)
    uow.commit()


def ao_vender_sem_estoque(
    evento: EventEnvelope, uow: UnidadeDePedidos, provedor: ProvedorDePagamento
) -> None:
    """VendaSemEstoque: confirmed after its reservation expired, its units sold to others: cancel, refund."""
    pedido = _pedido_do_evento(evento, uow)
    if pedido is None:
        return
    if not pedido.cancelavel_por_venda_sem_estoque():
        if pedido.status != CANCELADO:
            # Already being prepared or delivered: the catalog no longer counts its units. Said
            # loudly, for the staff to settle; the saga does not take an order from their hands.
            log.error("order in the staff's hands has no stock", extra={"pedido_id": pedido.id})
        return
    venda = cast(eventos.VendaSemEstoqueDados, evento.data)
    detalhes = {"faltando": venda.get("faltando", [])}
    uow.pedidos.guardar(cancelar(uow, pedido, ESTOQUE_EXPIRADO, provedor, detalhes), causa=evento)
    uow.commit()


def expirar_pendentes(
    uow: UnidadeDePedidos, timeout_s: int, provedor: ProvedorDePagamento, limite: int = 100
) -> int:
    """Cancel orders PENDENTE for longer than timeout_s (the catalog never answered): EXPIRADO."""
    presos = uow.pedidos.pendentes_desde(timeout_s, limite)
    for pedido_id in presos:
        pedido = uow.pedidos.obter(pedido_id, travar=False)
        if pedido is not None and pedido.permite(eventos.PEDIDO_CANCELADO):
            uow.pedidos.guardar(cancelar(uow, pedido, EXPIRADO, provedor))
    uow.commit()
    return len(presos)
