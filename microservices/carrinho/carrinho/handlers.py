"""The cart worker's reactions: keep product copies and stock hints fresh, empty or reopen carts."""

from __future__ import annotations

from typing import Any

import redis
from confeitaria_shared.envelope import EventEnvelope
from confeitaria_shared.redis_inbox import RedisHandler

from . import produtos
from .checkout import concluir
from .dinheiro import reais


def _produto(evento: EventEnvelope, cache: redis.Redis, **campos: Any) -> None:
    produtos.gravar(cache, evento.aggregate_id, evento.version, **campos)


def produto_criado_ou_atualizado(evento: EventEnvelope, cache: redis.Redis) -> None:
    """ProdutoCriado / ProdutoAtualizado: name, price, active flag and stock at the event's version."""
    produto = evento.data.get("produto", evento.data)
    campos = {"nome": produto["nome"], "preco": reais(produto["preco"]), "ativo": produto["ativo"]}
    if "estoque" in produto:
        campos["estoque"] = int(produto["estoque"])
    _produto(evento, cache, **campos)


def estoque_ajustado(evento: EventEnvelope, cache: redis.Redis) -> None:
    """EstoqueAjustado: the stock hint adds check (sales move stock without such events)."""
    _produto(evento, cache, estoque=int(evento.data["estoque_atual"]))


def preco_alterado(evento: EventEnvelope, cache: redis.Redis) -> None:
    """PrecoAlterado: the new price."""
    _produto(evento, cache, preco=reais(evento.data["preco_novo"]))


def produto_desativado(evento: EventEnvelope, cache: redis.Redis) -> None:
    """ProdutoDesativado: flag it in every cart that holds it."""
    _produto(evento, cache, ativo=False)


def pedido_confirmado(evento: EventEnvelope, cache: redis.Redis) -> None:
    """PedidoConfirmado: the cart it came from is emptied and open for the next purchase."""
    concluir(cache, str(evento.data.get("pedido_id") or evento.aggregate_id), "esvaziar", evento)


def pedido_cancelado(evento: EventEnvelope, cache: redis.Redis) -> None:
    """PedidoCancelado: the cart reopens with its lines, to fix and try again."""
    concluir(cache, str(evento.data.get("pedido_id") or evento.aggregate_id), "reabrir", evento)


HANDLERS: dict[str, RedisHandler] = {
    "ProdutoCriado": produto_criado_ou_atualizado,
    "ProdutoAtualizado": produto_criado_ou_atualizado,
    "PrecoAlterado": preco_alterado,
    "ProdutoDesativado": produto_desativado,
    "EstoqueAjustado": estoque_ajustado,
    "PedidoConfirmado": pedido_confirmado,
    "PedidoCancelado": pedido_cancelado,
}
