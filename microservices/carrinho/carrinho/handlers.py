"""The cart worker's event types, each to its use case over the cart's Redis."""

from __future__ import annotations

from collections.abc import Callable

import redis
from confeitaria_shared.contratos import eventos
from confeitaria_shared.redis_inbox import RedisHandler, com_porta

from .adaptadores.redis_carrinhos import CarrinhosRedis
from .adaptadores.redis_copias import CopiasRedis
from .servicos import reacoes


def handlers(carrinhos: Callable[[redis.Redis], CarrinhosRedis]) -> dict[str, RedisHandler]:
    """The reactions to catalog and order events; `carrinhos` opens the cart repository on a Redis."""
    return {
        eventos.PRODUTO_CRIADO: com_porta(CopiasRedis, reacoes.produto_criado_ou_atualizado),
        eventos.PRODUTO_ATUALIZADO: com_porta(CopiasRedis, reacoes.produto_criado_ou_atualizado),
        eventos.PRECO_ALTERADO: com_porta(CopiasRedis, reacoes.preco_alterado),
        eventos.PRODUTO_DESATIVADO: com_porta(CopiasRedis, reacoes.produto_desativado),
        eventos.ESTOQUE_AJUSTADO: com_porta(CopiasRedis, reacoes.estoque_ajustado),
        eventos.PEDIDO_CONFIRMADO: com_porta(carrinhos, reacoes.pedido_confirmado),
        eventos.PEDIDO_CANCELADO: com_porta(carrinhos, reacoes.pedido_cancelado),
    }
