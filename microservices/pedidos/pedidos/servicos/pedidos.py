"""Order use cases of the API: create (idempotent), cancel, staff status steps, delivery changes."""

from __future__ import annotations

import uuid
from typing import Any

from confeitaria_shared.contratos import eventos
from confeitaria_shared.dominio import RecusadoError

from ..dominio.pedido import CANCELADO_PELO_CLIENTE, EVENTO_DO_PASSO, Pedido, PedidoNaoEncontradoError
from .pagamento import cancelar
from .portas import Catalogo, ChaveEmUsoError, ProvedorDePagamento, Solicitacao
from .relogio import agora
from .unidade import UnidadeDePedidos


def _exigir_produtos_ativos(catalogo: Catalogo, itens: list[dict[str, Any]]) -> None:
    ids = [int(item["produto_id"]) for item in itens]
    ativos = catalogo.produtos_ativos(ids)
    # With the catalog unreachable the order is accepted: the saga's reservation decides later.
    if ativos is not None and (faltam := sorted(set(ids) - ativos)):
        raise RecusadoError(
            "PRODUTO_INEXISTENTE", f"Produtos inexistentes ou inativos: {faltam}.", produtos=faltam
        )


def _existente(
    uow: UnidadeDePedidos, idempotency_key: str, corpo_hash: str, cliente_id: str | None
) -> Solicitacao | None:
    solicitacao = uow.pedidos.pela_chave(idempotency_key)
    if solicitacao is not None and solicitacao.cliente_id != cliente_id:
        # Someone else's key: refused without saying whose order it made.
        raise RecusadoError("IDEMPOTENCY_KEY_REUTILIZADA", "Esta Idempotency-Key já foi usada; envie outra.")
    if solicitacao is not None and solicitacao.corpo_hash != corpo_hash:
        raise RecusadoError(
            "IDEMPOTENCY_KEY_REUTILIZADA",
            "Esta Idempotency-Key já criou um pedido com outro conteúdo.",
            pedido_id=solicitacao.pedido_id,
        )
    return solicitacao


def criar_pedido(
    uow: UnidadeDePedidos,
    catalogo: Catalogo,
    dados: dict[str, Any],
    idempotency_key: str,
    corpo_hash: str,
    cliente_id: str | None = None,
) -> tuple[str, bool]:
    """Create the order PENDENTE with PedidoCriado; the same key, body and owner return the same order."""
    _exigir_produtos_ativos(catalogo, dados["itens"])
    existente = _existente(uow, idempotency_key, corpo_hash, cliente_id)
    if existente is not None:
        return existente.pedido_id, False
    pedido = Pedido(id=str(uuid.uuid4())).registrar(eventos.PEDIDO_CRIADO, dados, agora())
    try:
        uow.pedidos.adicionar(pedido, Solicitacao(pedido.id, idempotency_key, corpo_hash, cliente_id))
    except ChaveEmUsoError:
        # The same key raced in from another request: answer with the order that won.
        uow.rollback()
        vencedor = _existente(uow, idempotency_key, corpo_hash, cliente_id)
        if vencedor is None:
            raise
        return vencedor.pedido_id, False
    uow.commit()
    return pedido.id, True


def pedido_existente(uow: UnidadeDePedidos, pedido_id: str) -> Pedido:
    """The order, held for this transaction; 404 when it does not exist."""
    pedido = uow.pedidos.obter(pedido_id)
    if pedido is None:
        raise PedidoNaoEncontradoError(pedido_id)
    return pedido


def cancelar_pelo_cliente(
    uow: UnidadeDePedidos, pedido_id: str, provedor: ProvedorDePagamento
) -> dict[str, object]:
    """The customer cancels while the order is not yet in preparation (a paid one is refunded)."""
    pedido = cancelar(uow, pedido_existente(uow, pedido_id), CANCELADO_PELO_CLIENTE, provedor)
    uow.pedidos.guardar(pedido)
    uow.commit()
    return {"id": pedido.id, "status": pedido.status}


def avancar_status(uow: UnidadeDePedidos, pedido_id: str, status: str) -> dict[str, object]:
    """Staff moves a confirmed order to its next step (EM_PREPARO → SAIU_PARA_ENTREGA → ENTREGUE)."""
    pedido = pedido_existente(uow, pedido_id).registrar(EVENTO_DO_PASSO[status], {"status": status}, agora())
    uow.pedidos.guardar(pedido)
    uow.commit()
    return {"id": pedido.id, "status": pedido.status}


def alterar_entrega(uow: UnidadeDePedidos, pedido_id: str, entrega: dict[str, Any]) -> dict[str, object]:
    """Change the delivery data while the order has not left."""
    pedido = pedido_existente(uow, pedido_id)
    pedido = pedido.registrar(eventos.ENTREGA_ALTERADA, {"entrega": entrega}, agora())
    uow.pedidos.guardar(pedido)
    uow.commit()
    return {"id": pedido.id, "status": pedido.status, "entrega": pedido.entrega}
