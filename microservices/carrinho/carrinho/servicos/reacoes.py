"""The cart worker's use cases: fresh product copies and stock hints, ended checkouts, abandoned carts."""

from __future__ import annotations

from confeitaria_shared.dinheiro import reais
from confeitaria_shared.envelope import EventEnvelope

from ..dominio import eventos
from ..dominio.desfecho import Desfecho
from ..dominio.produto import como_campo_do_hash, do_produto
from .checkout import concluir
from .portas import Carrinhos, CopiasDeProdutos


def produto_criado_ou_atualizado(evento: EventEnvelope, copias: CopiasDeProdutos) -> None:
    """ProdutoCriado / ProdutoAtualizado: name, price, active flag and stock at the event's version."""
    produto = evento.data.get("produto", evento.data)
    copias.gravar(evento.aggregate_id, evento.version, do_produto(produto))


def estoque_ajustado(evento: EventEnvelope, copias: CopiasDeProdutos) -> None:
    """EstoqueAjustado: the stock hint adds check (sales move stock without such events)."""
    copias.gravar(
        evento.aggregate_id,
        evento.version,
        {"estoque": como_campo_do_hash(int(evento.data["estoque_atual"]))},
    )


def preco_alterado(evento: EventEnvelope, copias: CopiasDeProdutos) -> None:
    """PrecoAlterado: the new price."""
    copias.gravar(
        evento.aggregate_id, evento.version, {"preco": como_campo_do_hash(reais(evento.data["preco_novo"]))}
    )


def produto_desativado(evento: EventEnvelope, copias: CopiasDeProdutos) -> None:
    """ProdutoDesativado: flagged in every cart that holds it (they all read the one copy)."""
    copias.gravar(evento.aggregate_id, evento.version, {"ativo": como_campo_do_hash(False)})


def pedido_confirmado(evento: EventEnvelope, carrinhos: Carrinhos) -> None:
    """PedidoConfirmado: the cart it came from is emptied and open for the next purchase."""
    concluir(carrinhos, _pedido_id(evento), Desfecho.ESVAZIAR, evento)


def pedido_cancelado(evento: EventEnvelope, carrinhos: Carrinhos) -> None:
    """PedidoCancelado: the cart reopens with its lines, to fix and try again."""
    concluir(carrinhos, _pedido_id(evento), Desfecho.REABRIR, evento)


def varrer_abandonados(carrinhos: Carrinhos) -> int:
    """Report CarrinhoAbandonado once for each cart with items whose session expired; how many."""
    emitidos = 0
    for session_id in carrinhos.vencidos():
        if carrinhos.existe(session_id):
            continue  # renewed meanwhile
        if carrinhos.marcar_abandonado(session_id, eventos.abandonado(session_id)):
            emitidos += 1
    return emitidos


def _pedido_id(evento: EventEnvelope) -> str:
    return str(evento.data.get("pedido_id") or evento.aggregate_id)
