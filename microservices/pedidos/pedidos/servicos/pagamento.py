"""The saga's payment steps: charge a reserved order and conclude it; cancel one and refund what was paid."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from confeitaria_shared import dinheiro
from confeitaria_shared.contratos import eventos

from ..dominio.pagamento import ESTORNO, PAGAMENTO, ResultadoPagamento, Transacao
from ..dominio.pedido import PAGAMENTO_RECUSADO, Pedido
from .portas import ProvedorDePagamento
from .relogio import agora
from .unidade import UnidadeDePedidos


def _registrar_transacao(
    uow: UnidadeDePedidos, pedido: Pedido, tipo: str, valor: Decimal, resultado: ResultadoPagamento
) -> str:
    transacao = Transacao(
        str(uuid.uuid4()), pedido.id, tipo, valor, pedido.pagamento.get("metodo", ""), resultado
    )
    uow.transacoes.adicionar(transacao)
    return transacao.id


def cobrar_e_concluir(uow: UnidadeDePedidos, pedido: Pedido, provedor: ProvedorDePagamento) -> Pedido:
    """Charge a reserved order, then confirm it or cancel it (PAGAMENTO_RECUSADO)."""
    valor = pedido.total or dinheiro.ZERO
    # One charge per order: a redelivered reservation (its commit failed after the charge), or
    # another EstoqueReservado for the same order, asks with the same key and gets the first answer.
    resultado = provedor.cobrar(pedido.id, valor, pedido.pagamento, f"cobranca:{pedido.id}")
    transacao = _registrar_transacao(uow, pedido, PAGAMENTO, valor, resultado)
    pagamento = {
        "transacao_id": transacao,
        "valor": dinheiro.em_texto(valor),
        "metodo": pedido.pagamento.get("metodo"),
    }
    if resultado.aprovado:
        pedido = pedido.registrar(eventos.PAGAMENTO_APROVADO, pagamento, agora())
        confirmacao = {"itens": pedido.itens_pedidos(), "total": dinheiro.em_texto(valor)}
        return pedido.registrar(eventos.PEDIDO_CONFIRMADO, confirmacao, agora())
    recusa = {**pagamento, "detalhe": resultado.detalhe}
    pedido = pedido.registrar(eventos.PAGAMENTO_RECUSADO, recusa, agora())
    return pedido.registrar(eventos.PEDIDO_CANCELADO, {"motivo": PAGAMENTO_RECUSADO}, agora())


def cancelar(
    uow: UnidadeDePedidos,
    pedido: Pedido,
    motivo: str,
    provedor: ProvedorDePagamento,
    detalhes: dict[str, Any] | None = None,
) -> Pedido:
    """Cancel the order; a paid one is refunded as a transação (PagamentoEstornado or EstornoRecusado)."""
    pedido = pedido.registrar(eventos.PEDIDO_CANCELADO, {**(detalhes or {}), "motivo": motivo}, agora())
    if not pedido.pago:
        return pedido
    valor = pedido.total or dinheiro.ZERO
    # One refund per order: a retry after a failed commit gets the provider's first answer.
    resultado = provedor.estornar(pedido.id, valor, pedido.pagamento, f"estorno:{pedido.id}")
    estorno = {
        "transacao_id": _registrar_transacao(uow, pedido, ESTORNO, valor, resultado),
        "valor": dinheiro.em_texto(valor),
    }
    if resultado.aprovado:
        return pedido.registrar(eventos.PAGAMENTO_ESTORNADO, estorno, agora())
    # The money stays with the shop: said as it is, for the staff to settle with the customer.
    return pedido.registrar(eventos.ESTORNO_RECUSADO, {**estorno, "detalhe": resultado.detalhe}, agora())
