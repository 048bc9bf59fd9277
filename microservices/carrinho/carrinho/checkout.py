"""Checkout: the cart becomes an order in the orders service, once, whatever the retries."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import requests

import redis
from confeitaria_shared.context import current_request_id
from confeitaria_shared.envelope import EventEnvelope
from confeitaria_shared.errors import ApiError

from . import chaves
from .eventos import evento_json

log = logging.getLogger(__name__)

# KEYS: cart, local events, carts with items, order → cart. ARGV: order id, event, session, ttl.
_FECHAR = """
redis.call('HSET', KEYS[1], '_estado', 'FECHADO', '_pedido_id', ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[3])
redis.call('SET', KEYS[4], ARGV[3], 'EX', ARGV[4])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', 100000, '*', 'evento', ARGV[2])
return 1
"""
# KEYS: cart, local events. ARGV: order id, event json, "esvaziar" or "reabrir".
_CONCLUIR = """
if redis.call('HGET', KEYS[1], '_pedido_id') ~= ARGV[1] then return 0 end
if ARGV[3] == 'esvaziar' then
  for _, campo in ipairs(redis.call('HKEYS', KEYS[1])) do
    if string.sub(campo, 1, 1) ~= '_' then redis.call('HDEL', KEYS[1], campo) end
  end
  redis.call('HSET', KEYS[1], '_linhas', 0)
end
redis.call('HSET', KEYS[1], '_estado', 'ABERTO', '_ultimo_pedido_id', ARGV[1])
redis.call('HDEL', KEYS[1], '_pedido_id')
redis.call('HINCRBY', KEYS[1], '_versao', 1)
redis.call('XADD', KEYS[2], 'MAXLEN', '~', 100000, '*', 'evento', ARGV[2])
return 1
"""
ESPERA_MAX_S = 10
FINAIS = frozenset({"CONFIRMADO", "CANCELADO", "EM_PREPARO", "SAIU_PARA_ENTREGA", "ENTREGUE"})


@dataclass
class Checkout:
    """Hands a cart to the orders service with an Idempotency-Key derived from the cart."""

    redis: redis.Redis
    pedidos_url: str
    ttl_s: int

    def enviar(
        self, session_id: str, carrinho: dict[str, Any], dados: dict[str, Any], prefer: str | None
    ) -> tuple[dict[str, Any], int]:
        """Create the order (or get the one this cart version already created) and close the cart."""
        # A retried checkout of a cart that already became an order answers that order.
        anterior = carrinho["pedido_id"] or (None if carrinho["itens"] else carrinho["ultimo_pedido_id"])
        if anterior:
            return self._pedido(str(anterior)), 200
        itens = [
            {"produto_id": i["produto_id"], "quantidade": i["quantidade"]}
            for i in carrinho["itens"]
            if i["disponivel"]
        ]
        if not itens:
            raise ApiError(422, "CARRINHO_VAZIO", "O carrinho não tem itens disponíveis para comprar.")
        # The same cart contents (same version) always send the same key: a retry finds the same order.
        chave = f"carrinho-{session_id}-v{carrinho['versao']}"
        resposta = self._postar({**dados, "itens": itens}, chave, prefer)
        corpo = resposta.json()
        if resposta.status_code >= 400:
            erro = corpo.get("error", {})
            raise ApiError(resposta.status_code, erro.get("code", "PEDIDO_RECUSADO"), erro.get("message", ""))
        pedido = corpo["data"]
        self._fechar(session_id, pedido["id"])
        # The order may have reached its fate before the cart was closed (the worker then found
        # no cart to empty): look once more and conclude here; concluding twice changes nothing.
        final = pedido if pedido["status"] in FINAIS else self._pedido(pedido["id"])
        if final["status"] in FINAIS:
            concluir(self.redis, pedido["id"], "esvaziar" if final["status"] != "CANCELADO" else "reabrir")
        return final, 200 if final["status"] in FINAIS else resposta.status_code

    def _pedido(self, pedido_id: str) -> dict[str, Any]:
        try:
            resposta = requests.get(f"{self.pedidos_url}/api/pedidos/{pedido_id}", timeout=(1, 5))
            pedido: dict[str, Any] = resposta.json()["data"]
        except (requests.RequestException, ValueError, KeyError):
            raise ApiError(503, "PEDIDOS_INDISPONIVEL", "O serviço de pedidos não responde agora.") from None
        return pedido

    def _postar(self, corpo: dict[str, Any], chave: str, prefer: str | None) -> requests.Response:
        headers = {"Idempotency-Key": chave, "X-Request-ID": current_request_id() or ""}
        if prefer:
            headers["Prefer"] = prefer
        try:
            resposta = requests.post(
                f"{self.pedidos_url}/api/pedidos", json=corpo, headers=headers, timeout=(1, 5 + ESPERA_MAX_S)
            )
        except requests.RequestException as exc:
            log.warning("orders service unreachable", extra={"error": str(exc)})
            raise ApiError(
                503, "PEDIDOS_INDISPONIVEL", "O serviço de pedidos não responde; o carrinho segue aberto."
            ) from None
        if resposta.status_code >= 500 or "application/json" not in resposta.headers.get("Content-Type", ""):
            raise ApiError(
                503, "PEDIDOS_INDISPONIVEL", "O serviço de pedidos não responde; o carrinho segue aberto."
            )
        return resposta

    def _fechar(self, session_id: str, pedido_id: str) -> None:
        evento = evento_json("CheckoutRealizado", session_id, {"pedido_id": pedido_id})
        keys = [
            chaves.carrinho(session_id),
            chaves.EVENTOS_LOCAIS,
            chaves.COM_ITENS,
            chaves.pedido(pedido_id),
        ]
        self.redis.eval(_FECHAR, len(keys), *keys, pedido_id, evento, session_id, str(self.ttl_s))


def concluir(cache: redis.Redis, pedido_id: str, acao: str, causa: EventEnvelope | None = None) -> bool:
    """After the order's fate: 'esvaziar' the cart (confirmed) or 'reabrir' it as it was (cancelled)."""
    session_id = cache.get(chaves.pedido(pedido_id))
    if not session_id:
        return False
    tipo = "CarrinhoConvertido" if acao == "esvaziar" else "CarrinhoReaberto"
    evento = evento_json(tipo, str(session_id), {"pedido_id": pedido_id}, causa)
    keys = [chaves.carrinho(str(session_id)), chaves.EVENTOS_LOCAIS]
    return bool(cache.eval(_CONCLUIR, len(keys), *keys, pedido_id, evento, acao))
