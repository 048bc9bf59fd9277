"""The orders worker's part of the saga: the catalog's answers, and the sweep of stuck orders."""

from __future__ import annotations

import logging
from functools import partial

import sqlalchemy as sa
from sqlalchemy.orm import Session

from confeitaria_shared.envelope import EventEnvelope
from confeitaria_shared.inbox import Handler

from .models import PedidoLido
from .pagamentos import ProvedorDePagamento
from .repositorio import anexar, carregar, projetar
from .saga import CANCELADO, ESTOQUE_EXPIRADO, PENDENTE, Pedido
from .servicos import cancelar, cobrar_e_concluir

log = logging.getLogger(__name__)


def _pedido_do_evento(evento: EventEnvelope, session: Session, tipo: str) -> Pedido | None:
    pedido = carregar(session, str(evento.data.get("pedido_id") or evento.aggregate_id))
    # A late or repeated answer (the order already moved on) changes nothing.
    return pedido if pedido is not None and pedido.permite(tipo) else None


def ao_reservar_estoque(evento: EventEnvelope, session: Session, provedor: ProvedorDePagamento) -> None:
    """EstoqueReservado: record the catalog's prices, charge, then confirm or cancel."""
    pedido = _pedido_do_evento(evento, session, "EstoqueReservado")
    if pedido is None:
        return
    pedido = anexar(session, pedido, "EstoqueReservado", {"itens": evento.data["itens"]}, evento)
    projetar(session, cobrar_e_concluir(session, pedido, provedor, evento))


def ao_faltar_estoque(evento: EventEnvelope, session: Session, provedor: ProvedorDePagamento) -> None:
    """EstoqueInsuficiente: cancel the order, saying what was missing."""
    pedido = _pedido_do_evento(evento, session, "EstoqueInsuficiente")
    if pedido is None:
        return
    faltando = evento.data.get("faltando", [])
    pedido = anexar(session, pedido, "EstoqueInsuficiente", {"faltando": faltando}, evento)
    projetar(session, cancelar(session, pedido, "ESTOQUE_INSUFICIENTE", provedor, evento))


def ao_vender_sem_estoque(evento: EventEnvelope, session: Session, provedor: ProvedorDePagamento) -> None:
    """VendaSemEstoque: confirmed after its reservation expired, its units sold to others: cancel, refund."""
    pedido = carregar(session, str(evento.data.get("pedido_id") or evento.aggregate_id))
    if pedido is None:
        return
    if not pedido.cancelavel_por_venda_sem_estoque():
        if pedido.status != CANCELADO:
            # Already being prepared or delivered: the catalog no longer counts its units. Said
            # loudly, for the staff to settle; the saga does not take an order from their hands.
            log.error("order in the staff's hands has no stock", extra={"pedido_id": pedido.id})
        return
    detalhes = {"faltando": evento.data.get("faltando", [])}
    projetar(session, cancelar(session, pedido, ESTOQUE_EXPIRADO, provedor, evento, detalhes))


def handlers(provedor: ProvedorDePagamento) -> dict[str, Handler]:
    """Event type → the function that applies it to orders."""
    return {
        "EstoqueReservado": partial(ao_reservar_estoque, provedor=provedor),
        "EstoqueInsuficiente": partial(ao_faltar_estoque, provedor=provedor),
        "VendaSemEstoque": partial(ao_vender_sem_estoque, provedor=provedor),
    }


def expirar_pendentes(
    session: Session, timeout_s: int, provedor: ProvedorDePagamento, limite: int = 100
) -> int:
    """Cancel orders PENDENTE for longer than timeout_s (the catalog never answered): EXPIRADO."""
    presos = (
        session.execute(
            sa.select(PedidoLido.id)
            .where(
                PedidoLido.status == PENDENTE,
                PedidoLido.criado_em < sa.func.now() - sa.text(f"interval '{int(timeout_s)} seconds'"),
            )
            .order_by(PedidoLido.criado_em)
            .limit(limite)
            .with_for_update(skip_locked=True)
        )
        .scalars()
        .all()
    )
    for pedido_id in presos:
        pedido = carregar(session, pedido_id, travar=False)
        if pedido is not None and pedido.permite("PedidoCancelado"):
            projetar(session, cancelar(session, pedido, "EXPIRADO", provedor))
    return len(presos)
