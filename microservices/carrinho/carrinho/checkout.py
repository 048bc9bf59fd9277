"""Checkout: the cart becomes an order in the orders service, once, whatever the retries."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

import requests

import redis
from confeitaria_shared.auth import CABECALHO_PEDIDO, Autenticador
from confeitaria_shared.context import current_request_id
from confeitaria_shared.envelope import EventEnvelope
from confeitaria_shared.errors import ApiError
from confeitaria_shared.prefer import espera_pedida

from . import chaves
from .eventos import evento_json

log = logging.getLogger(__name__)

# KEYS: cart, local events, carts with items, order → cart. ARGV: order id, event, session, ttl,
# the cart's count of checkouts when it was read, the order's lines (JSON). Only an open cart at that
# count closes; a cart whose count moved on already saw this order's fate (2), one closed with another
# order refuses (0). The order's lines are kept: its confirmation takes only them out of the cart.
_FECHAR = """
if tonumber(redis.call('HGET', KEYS[1], '_checkouts') or '0') ~= tonumber(ARGV[5]) then return 2 end
local estado = redis.call('HGET', KEYS[1], '_estado')
if not estado then return 2 end
if estado ~= 'ABERTO' then
  return redis.call('HGET', KEYS[1], '_pedido_id') == ARGV[1] and 1 or 0
end
redis.call('HSET', KEYS[1], '_estado', 'FECHADO', '_pedido_id', ARGV[1], '_pedido_itens', ARGV[6])
redis.call('ZREM', KEYS[3], ARGV[3])
redis.call('SET', KEYS[4], ARGV[3], 'EX', ARGV[4])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', 100000, '*', 'evento', ARGV[2])
return 1
"""
# KEYS: cart, local events. ARGV: order id, event json, "esvaziar" or "reabrir". Emptying takes out
# what the order bought: a line added while the checkout ran stays for the next purchase.
_CONCLUIR = """
if redis.call('HGET', KEYS[1], '_pedido_id') ~= ARGV[1] then return 0 end
if ARGV[3] == 'esvaziar' then
  for _, item in ipairs(cjson.decode(redis.call('HGET', KEYS[1], '_pedido_itens') or '[]')) do
    local campo = 'item:' .. item[1]
    local resta = tonumber(redis.call('HGET', KEYS[1], campo) or '0') - item[2]
    if resta > 0 then
      redis.call('HSET', KEYS[1], campo, resta)
    elseif redis.call('HDEL', KEYS[1], campo, 'preco:' .. item[1]) > 0 then
      redis.call('HINCRBY', KEYS[1], '_linhas', -1)
    end
  end
end
redis.call('HDEL', KEYS[1], '_pedido_itens')
redis.call('HSET', KEYS[1], '_estado', 'ABERTO', '_ultimo_pedido_id', ARGV[1])
redis.call('HDEL', KEYS[1], '_pedido_id')
redis.call('HINCRBY', KEYS[1], '_versao', 1)
-- The next checkout of this cart is another one: it gets a key of its own.
redis.call('HINCRBY', KEYS[1], '_checkouts', 1)
redis.call('XADD', KEYS[2], 'MAXLEN', '~', 100000, '*', 'evento', ARGV[2])
return 1
"""
ESPERA_MAX_S = 10
FINAIS = frozenset({"CONFIRMADO", "CANCELADO", "EM_PREPARO", "SAIU_PARA_ENTREGA", "ENTREGUE"})


def espera_limitada(prefer: str | None) -> str | None:
    """The Prefer header passed on, its wait cut to what the cart itself waits for the answer."""
    espera = espera_pedida(prefer, ESPERA_MAX_S)
    return None if espera is None else f"wait={espera}"


def chave_do_checkout(session_id: str, checkouts: int) -> str:
    """One key per checkout of a cart, whatever its contents: two checkouts racing get one order."""
    return f"carrinho-{session_id}-c{checkouts}"


def _indisponivel() -> ApiError:
    return ApiError(
        503, "PEDIDOS_INDISPONIVEL", "O serviço de pedidos não responde; o carrinho segue aberto."
    )


@dataclass
class Checkout:
    """Hands a cart to the orders service with an Idempotency-Key derived from the cart."""

    redis: redis.Redis
    pedidos_url: str
    ttl_s: int
    auth: Autenticador

    def enviar(
        self,
        session_id: str,
        carrinho: dict[str, Any],
        dados: dict[str, Any],
        prefer: str | None,
        autorizacao: str | None = None,
    ) -> tuple[dict[str, Any], int]:
        """Create the order (or find the one this checkout already created) and close the cart.

        `autorizacao` is the Authorization header of a customer's cart's owner: the order is then theirs.
        A guest's cart makes a guest's order, whoever calls, answered with its access token.
        """
        # A retried checkout of a cart that already became an order answers that order.
        anterior = carrinho["pedido_id"] or (None if carrinho["itens"] else carrinho["ultimo_pedido_id"])
        if anterior:
            return self._com_acesso(self._pedido(str(anterior)), autorizacao), 200
        itens = [
            {"produto_id": i["produto_id"], "quantidade": i["quantidade"]}
            for i in carrinho["itens"]
            if i["disponivel"]
        ]
        if not itens:
            raise ApiError(422, "CARRINHO_VAZIO", "O carrinho não tem itens disponíveis para comprar.")
        chave = chave_do_checkout(session_id, carrinho["checkouts"])
        resposta = self._postar({**dados, "itens": itens}, chave, espera_limitada(prefer), autorizacao)
        pedido = self._pedido_criado(resposta)
        # The lines the order bought: its own, or the ones sent when only its id came back.
        comprados = pedido.get("itens") or itens
        if not self._fechar(session_id, str(pedido["id"]), comprados, carrinho["checkouts"]):
            # Cannot happen with one key per checkout; if it does, the order stands and is answered.
            log.error("cart closed with another order", extra={"pedido_id": pedido["id"]})
        # The order may have reached its fate before the cart was closed (the worker then found
        # no cart to empty): look once more and conclude here; concluding twice changes nothing.
        final = pedido if pedido["status"] in FINAIS else self._pedido(pedido["id"])
        if final["status"] in FINAIS:
            concluir(self.redis, pedido["id"], "esvaziar" if final["status"] != "CANCELADO" else "reabrir")
        return self._com_acesso(final, autorizacao), 200 if final["status"] in FINAIS else 202

    def _pedido_criado(self, resposta: requests.Response) -> dict[str, Any]:
        """The order the orders service answered; its refusal as the same 4xx, never as unavailable."""
        try:
            corpo = resposta.json()
        except ValueError:
            corpo = {}
        corpo = corpo if isinstance(corpo, dict) else {}
        if resposta.status_code < 400 and isinstance(corpo.get("data"), dict):
            pedido: dict[str, Any] = corpo["data"]
            return pedido
        erro: dict[str, Any] = corpo["error"] if isinstance(corpo.get("error"), dict) else {}
        if erro.get("code") == "IDEMPOTENCY_KEY_REUTILIZADA" and erro.get("pedido_id"):
            # A checkout of this cart raced this one with other contents and won: the cart became
            # that order, and this checkout answers it instead of making a second one.
            return self._pedido(str(erro["pedido_id"]))
        if 400 <= resposta.status_code < 500:
            raise ApiError(
                resposta.status_code,
                erro.get("code", "PEDIDO_RECUSADO"),
                erro.get("message", "O serviço de pedidos recusou o pedido."),
            )
        raise _indisponivel()

    def _com_acesso(self, pedido: dict[str, Any], autorizacao: str | None) -> dict[str, Any]:
        # A guest's order is theirs by its access token: the same one on every retry.
        if autorizacao:
            return pedido
        return {**pedido, "token_de_acesso": self.auth.acesso_do_pedido(str(pedido["id"]))}

    def _pedido(self, pedido_id: str) -> dict[str, Any]:
        headers = {CABECALHO_PEDIDO: self.auth.acesso_do_pedido(pedido_id)}
        try:
            resposta = requests.get(
                f"{self.pedidos_url}/api/pedidos/{pedido_id}", headers=headers, timeout=(1, 5)
            )
            pedido: dict[str, Any] = resposta.json()["data"]
        except (requests.RequestException, ValueError, KeyError, TypeError):
            raise ApiError(503, "PEDIDOS_INDISPONIVEL", "O serviço de pedidos não responde agora.") from None
        return pedido

    def _postar(
        self, corpo: dict[str, Any], chave: str, prefer: str | None, autorizacao: str | None
    ) -> requests.Response:
        headers = {"Idempotency-Key": chave, "X-Request-ID": current_request_id() or ""}
        if prefer:
            headers["Prefer"] = prefer
        if autorizacao:
            headers["Authorization"] = autorizacao
        try:
            return requests.post(
                f"{self.pedidos_url}/api/pedidos", json=corpo, headers=headers, timeout=(1, 5 + ESPERA_MAX_S)
            )
        except requests.RequestException as exc:
            log.warning("orders service unreachable", extra={"error": str(exc)})
            raise _indisponivel() from None

    def _fechar(
        self, session_id: str, pedido_id: str, comprados: list[dict[str, Any]], checkouts: int
    ) -> bool:
        linhas = json.dumps([[i["produto_id"], i["quantidade"]] for i in comprados])
        evento = evento_json("CheckoutRealizado", session_id, {"pedido_id": pedido_id})
        keys = [
            chaves.carrinho(session_id),
            chaves.EVENTOS_LOCAIS,
            chaves.COM_ITENS,
            chaves.pedido(pedido_id),
        ]
        args = [pedido_id, evento, session_id, str(self.ttl_s), str(checkouts), linhas]
        return bool(self.redis.eval(_FECHAR, len(keys), *keys, *args))


def concluir(cache: redis.Redis, pedido_id: str, acao: str, causa: EventEnvelope | None = None) -> bool:
    """After the order's fate: 'esvaziar' the cart (confirmed) or 'reabrir' it as it was (cancelled)."""
    session_id = cache.get(chaves.pedido(pedido_id))
    if not session_id:
        return False
    tipo = "CarrinhoConvertido" if acao == "esvaziar" else "CarrinhoReaberto"
    evento = evento_json(tipo, str(session_id), {"pedido_id": pedido_id}, causa)
    keys = [chaves.carrinho(str(session_id)), chaves.EVENTOS_LOCAIS]
    return bool(cache.eval(_CONCLUIR, len(keys), *keys, pedido_id, evento, acao))
