"""Order use cases: create (idempotent), cancel, staff status steps, delivery changes, payment steps."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from confeitaria_shared.envelope import EventEnvelope
from confeitaria_shared.errors import ApiError

from .models import PedidoLido, Transacao
from .pagamentos import APROVADA, ProvedorDePagamento
from .repositorio import anexar, carregar, projetar
from .saga import PASSOS_DA_EQUIPE, Pedido


def _existente(
    session: Session, idempotency_key: str, corpo_hash: str, cliente_id: str | None
) -> PedidoLido | None:
    pedido = session.execute(
        sa.select(PedidoLido).where(PedidoLido.idempotency_key == idempotency_key)
    ).scalar()
    if pedido is not None and pedido.cliente_id != cliente_id:
        # Someone else's key: refused without saying whose order it made.
        raise ApiError(422, "IDEMPOTENCY_KEY_REUTILIZADA", "Esta Idempotency-Key já foi usada; envie outra.")
    if pedido is not None and pedido.corpo_hash != corpo_hash:
        raise ApiError(
            422,
            "IDEMPOTENCY_KEY_REUTILIZADA",
            "Esta Idempotency-Key já criou um pedido com outro conteúdo.",
            pedido_id=pedido.id,
        )
    return pedido


def criar_pedido(
    session: Session,
    dados: dict[str, Any],
    idempotency_key: str,
    corpo_hash: str,
    cliente_id: str | None = None,
) -> tuple[str, bool]:
    """Create the order PENDENTE with PedidoCriado; the same key, body and owner return the same order."""
    existente = _existente(session, idempotency_key, corpo_hash, cliente_id)
    if existente is not None:
        return existente.id, False
    pedido = anexar(session, Pedido(id=str(uuid.uuid4())), "PedidoCriado", dados)
    try:
        projetar(session, pedido, idempotency_key, corpo_hash, cliente_id)
        session.commit()
    except IntegrityError:
        # The same key raced in from another request: answer with the order that won.
        session.rollback()
        vencedor = _existente(session, idempotency_key, corpo_hash, cliente_id)
        if vencedor is None:
            raise
        return vencedor.id, False
    return pedido.id, True


def _pedido(session: Session, pedido_id: str) -> Pedido:
    pedido = carregar(session, pedido_id)
    if pedido is None:
        raise ApiError(404, "PEDIDO_NAO_ENCONTRADO", f"Pedido {pedido_id} não existe.")
    return pedido


def _transacao(
    session: Session, pedido: Pedido, tipo: str, valor: Decimal, status: str, detalhe: str, referencia: str
) -> str:
    transacao_id = str(uuid.uuid4())
    session.add(
        Transacao(
            id=transacao_id,
            pedido_id=pedido.id,
            tipo=tipo,
            valor=valor,
            metodo=pedido.pagamento.get("metodo", ""),
            status=status,
            detalhe=detalhe,
            referencia=referencia,
        )
    )
    return transacao_id


def cobrar_e_concluir(
    session: Session, pedido: Pedido, provedor: ProvedorDePagamento, causa: EventEnvelope
) -> Pedido:
    """Charge a reserved order, then confirm it or cancel it (PAGAMENTO_RECUSADO)."""
    valor = pedido.total or Decimal("0")
    # One charge per order: a redelivered reservation (its commit failed after the charge), or
    # another EstoqueReservado for the same order, asks with the same key and gets the first answer.
    chave = f"cobranca:{pedido.id}"
    resultado = provedor.cobrar(pedido.id, valor, pedido.pagamento, chave)
    transacao = _transacao(
        session, pedido, "PAGAMENTO", valor, resultado.status, resultado.detalhe, resultado.referencia
    )
    pagamento = {"transacao_id": transacao, "valor": str(valor), "metodo": pedido.pagamento.get("metodo")}
    if resultado.status == APROVADA:
        pedido = anexar(session, pedido, "PagamentoAprovado", pagamento, causa)
        itens = [{"produto_id": i["produto_id"], "quantidade": i["quantidade"]} for i in pedido.itens]
        return anexar(session, pedido, "PedidoConfirmado", {"itens": itens, "total": str(valor)}, causa)
    pedido = anexar(session, pedido, "PagamentoRecusado", {**pagamento, "detalhe": resultado.detalhe}, causa)
    return anexar(session, pedido, "PedidoCancelado", {"motivo": "PAGAMENTO_RECUSADO"}, causa)


def cancelar(
    session: Session,
    pedido: Pedido,
    motivo: str,
    provedor: ProvedorDePagamento,
    causa: EventEnvelope | None = None,
    detalhes: dict[str, Any] | None = None,
) -> Pedido:
    """Cancel the order; a paid one is refunded as a transação (PagamentoEstornado or EstornoRecusado)."""
    pedido = anexar(session, pedido, "PedidoCancelado", {**(detalhes or {}), "motivo": motivo}, causa)
    if not pedido.pago:
        return pedido
    valor = pedido.total or Decimal("0")
    # One refund per order: a retry after a failed commit gets the provider's first answer.
    resultado = provedor.estornar(pedido.id, valor, pedido.pagamento, f"estorno:{pedido.id}")
    transacao = _transacao(
        session, pedido, "ESTORNO", valor, resultado.status, resultado.detalhe, resultado.referencia
    )
    estorno = {"transacao_id": transacao, "valor": str(valor)}
    if resultado.status == APROVADA:
        return anexar(session, pedido, "PagamentoEstornado", estorno, causa)
    # The money stays with the shop: said as it is, for the staff to settle with the customer.
    return anexar(session, pedido, "EstornoRecusado", {**estorno, "detalhe": resultado.detalhe}, causa)


def cancelar_pelo_cliente(
    session: Session, pedido_id: str, provedor: ProvedorDePagamento
) -> dict[str, object]:
    """The customer cancels while the order is not yet in preparation."""
    pedido = cancelar(session, _pedido(session, pedido_id), "CANCELADO_PELO_CLIENTE", provedor)
    projetar(session, pedido)
    session.commit()
    return {"id": pedido.id, "status": pedido.status}


def avancar_status(session: Session, pedido_id: str, status: str) -> dict[str, object]:
    """Staff moves a confirmed order to its next step (EM_PREPARO → SAIU_PARA_ENTREGA → ENTREGUE)."""
    pedido = anexar(session, _pedido(session, pedido_id), PASSOS_DA_EQUIPE[status], {"status": status})
    projetar(session, pedido)
    session.commit()
    return {"id": pedido.id, "status": pedido.status}


def alterar_entrega(session: Session, pedido_id: str, entrega: dict[str, Any]) -> dict[str, object]:
    """Change the delivery data while the order has not left."""
    pedido = anexar(session, _pedido(session, pedido_id), "EntregaAlterada", {"entrega": entrega})
    projetar(session, pedido)
    session.commit()
    return {"id": pedido.id, "status": pedido.status, "entrega": pedido.entrega}
