"""The catalog's part of the checkout saga: reserve all of an order or nothing, sell, release, expire."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import timedelta

from confeitaria_shared.contratos import eventos
from confeitaria_shared.envelope import EventEnvelope

from ..dominio.estoque import Motivo, Movimento
from ..dominio.reservas import VERSAO_DO_EVENTO, Confirmacao, ItemTomado, Reserva, agrupar_itens, faltando
from .portas import UnidadeDoCatalogo

log = logging.getLogger(__name__)


def pedido_do_evento(evento: EventEnvelope) -> str:
    """The order an event of the orders service is about."""
    return str(evento.data.get("pedido_id") or evento.aggregate_id)


def reservar_pedido(evento: EventEnvelope, uow: UnidadeDoCatalogo, ttl_s: int) -> None:
    """On PedidoCriado: reserve all items (EstoqueReservado) or none (EstoqueInsuficiente), once per order."""
    pedido_id = pedido_do_evento(evento)
    if uow.reservas.existe(pedido_id):
        log.info("order already has a reservation", extra={"pedido_id": pedido_id})
        return
    itens = agrupar_itens(evento.data.get("itens") or [])
    tomados = uow.estoque.tomar(itens)
    expira_em = uow.agora() + timedelta(seconds=ttl_s)
    if tomados is None:
        falta = faltando(itens, uow.estoque.disponiveis([produto_id for produto_id, _ in itens]))
        uow.reservas.adicionar(Reserva.recusada(pedido_id, expira_em))
        _contar(uow, eventos.ESTOQUE_INSUFICIENTE, pedido_id, {"faltando": falta}, evento)
    else:
        _registrar(uow, tomados, "reserva", pedido_id, evento)
        reserva = Reserva.reservada(pedido_id, tomados, expira_em)
        uow.reservas.adicionar(reserva)
        reservados = {"itens": reserva.itens, "expira_em": expira_em.isoformat()}
        _contar(uow, eventos.ESTOQUE_RESERVADO, pedido_id, reservados, evento)
    uow.commit()


def confirmar_venda(evento: EventEnvelope, uow: UnidadeDoCatalogo) -> None:
    """On PedidoConfirmado: the reserved units become sold (re-taken if the reservation had expired)."""
    reserva = uow.reservas.travada(pedido_do_evento(evento))
    if reserva is None or reserva.ao_confirmar() is Confirmacao.NADA:
        return
    if reserva.ao_confirmar() is Confirmacao.VENDER:
        _anotar_venda(uow, reserva, evento)
    elif not _retomar(uow, reserva, evento):
        # Its units were sold to others meanwhile: say so, and the orders service cancels and refunds.
        _recusar_venda(uow, reserva, evento)
        uow.commit()
        return
    reserva.vender()
    uow.reservas.salvar(reserva)
    _contar(uow, eventos.ESTOQUE_VENDIDO, reserva.pedido_id, {"itens": reserva.itens}, evento)
    uow.commit()


def _anotar_venda(uow: UnidadeDoCatalogo, reserva: Reserva, evento: EventEnvelope) -> None:
    """The units left the shelf with the reservation: the ledger notes the sale with no delta."""
    for produto_id, _ in reserva.quantidades():
        saldo = uow.estoque.saldo(produto_id)
        uow.estoque.registrar(Movimento(produto_id, 0, saldo, "venda", reserva.pedido_id, evento.correlation))


def _retomar(uow: UnidadeDoCatalogo, reserva: Reserva, evento: EventEnvelope) -> bool:
    """Take an expired reservation's units again for its confirmed order; False when they are gone."""
    tomados = uow.estoque.tomar(sorted(reserva.quantidades()))
    if tomados is None:
        return False
    _registrar(uow, tomados, "venda", reserva.pedido_id, evento)
    return True


def cancelar_reserva(evento: EventEnvelope, uow: UnidadeDoCatalogo) -> None:
    """On PedidoCancelado: release what the order holds (also after a sale: the units come back)."""
    pedido_id = pedido_do_evento(evento)
    reserva = uow.reservas.travada(pedido_id)
    if reserva is None:
        # Cancelled before its PedidoCriado got here: a tombstone makes that late event a no-op.
        uow.reservas.adicionar(Reserva.cancelada_antes_de_reservar(pedido_id, uow.agora()))
    elif reserva.segura_unidades():
        liberar_reserva(uow, reserva, str(evento.data.get("motivo") or "CANCELADO"), evento)
    uow.commit()


def expirar_reservas(uow: UnidadeDoCatalogo, limite: int = 100) -> int:
    """Release reservations whose time ran out; return how many."""
    vencidas = uow.reservas.vencidas(limite)
    for reserva in vencidas:
        liberar_reserva(uow, reserva, "EXPIRADO", None)
    uow.commit()
    return len(vencidas)


def liberar_reserva(
    uow: UnidadeDoCatalogo, reserva: Reserva, motivo: str, causa: EventEnvelope | None
) -> None:
    """Give a reservation's units back (EstoqueLiberado); the caller commits."""
    correlacao = causa.correlation if causa else None
    for produto_id, quantidade in reserva.quantidades():
        depois = uow.estoque.devolver(produto_id, quantidade)
        uow.estoque.registrar(
            Movimento(produto_id, quantidade, depois, "liberacao", reserva.pedido_id, correlacao)
        )
    reserva.liberar()
    uow.reservas.salvar(reserva)
    dados = {"motivo": motivo, "itens": reserva.itens}
    _contar(uow, eventos.ESTOQUE_LIBERADO, reserva.pedido_id, dados, causa)


def _recusar_venda(uow: UnidadeDoCatalogo, reserva: Reserva, evento: EventEnvelope) -> None:
    """VendaSemEstoque: the confirmed order's released units are gone; nothing is held or owed back."""
    log.error("confirmed order whose released stock is gone", extra={"pedido_id": reserva.pedido_id})
    itens = reserva.quantidades()
    disponiveis = uow.estoque.disponiveis([produto_id for produto_id, _ in itens])
    reserva.sem_estoque()
    uow.reservas.salvar(reserva)
    dados = {"faltando": faltando(itens, disponiveis), "itens": reserva.itens}
    _contar(uow, eventos.VENDA_SEM_ESTOQUE, reserva.pedido_id, dados, evento)


def _registrar(
    uow: UnidadeDoCatalogo,
    tomados: Iterable[ItemTomado],
    motivo: Motivo,
    pedido_id: str,
    evento: EventEnvelope,
) -> None:
    for item in tomados:
        movimento = Movimento(
            item.produto_id, -item.quantidade, item.estoque_resultante, motivo, pedido_id, evento.correlation
        )
        uow.estoque.registrar(movimento)


def _contar(
    uow: UnidadeDoCatalogo,
    tipo: str,
    pedido_id: str,
    dados: Mapping[str, object],
    causa: EventEnvelope | None,
) -> None:
    uow.eventos.de_reserva(tipo, pedido_id, VERSAO_DO_EVENTO[tipo], dados, causa)
