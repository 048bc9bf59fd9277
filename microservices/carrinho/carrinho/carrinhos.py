"""Carts in Redis: each change is one Lua script (atomic), renews the TTL and writes its event."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import redis
from confeitaria_shared.errors import ApiError

from . import chaves
from .eventos import evento_json

# KEYS: cart, local events, carts with items. ARGV: ttl, event json, expiry score, session id, ...
_PROLOGO = """
if redis.call('EXISTS', KEYS[1]) == 0 then return {'SESSAO_NAO_ENCONTRADA'} end
if redis.call('HGET', KEYS[1], '_estado') ~= 'ABERTO' then
  return {'CARRINHO_FECHADO', redis.call('HGET', KEYS[1], '_pedido_id') or ''}
end
"""
_EPILOGO = """
redis.call('HINCRBY', KEYS[1], '_versao', 1)
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', 100000, '*', 'evento', ARGV[2])
if tonumber(redis.call('HGET', KEYS[1], '_linhas')) > 0 then
  redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
else
  redis.call('ZREM', KEYS[3], ARGV[4])
end
"""
# ARGV[5] produto, ARGV[6] quantity to add, ARGV[7] price now, ARGV[8] max qty, ARGV[9] max lines
ADICIONAR = (
    _PROLOGO
    + """
local campo = 'item:' .. ARGV[5]
local atual = tonumber(redis.call('HGET', KEYS[1], campo) or '0')
if atual == 0 and tonumber(redis.call('HGET', KEYS[1], '_linhas')) >= tonumber(ARGV[9]) then
  return {'LIMITE_DE_LINHAS'}
end
local novo = atual + tonumber(ARGV[6])
if novo > tonumber(ARGV[8]) then return {'LIMITE_DE_QUANTIDADE', tostring(atual)} end
redis.call('HSET', KEYS[1], campo, novo)
if atual == 0 then
  redis.call('HINCRBY', KEYS[1], '_linhas', 1)
  redis.call('HSET', KEYS[1], 'preco:' .. ARGV[5], ARGV[7])
end
"""
    + _EPILOGO
    + "return {'OK', tostring(novo)}"
)
# ARGV[5] produto, ARGV[6] new quantity (0 removes), ARGV[7] max qty
DEFINIR = (
    _PROLOGO
    + """
local campo = 'item:' .. ARGV[5]
if redis.call('HEXISTS', KEYS[1], campo) == 0 then return {'ITEM_NAO_ENCONTRADO'} end
if tonumber(ARGV[6]) > tonumber(ARGV[7]) then return {'LIMITE_DE_QUANTIDADE', '0'} end
if tonumber(ARGV[6]) == 0 then
  redis.call('HDEL', KEYS[1], campo, 'preco:' .. ARGV[5])
  redis.call('HINCRBY', KEYS[1], '_linhas', -1)
else
  redis.call('HSET', KEYS[1], campo, ARGV[6])
end
"""
    + _EPILOGO
    + "return {'OK', ARGV[6]}"
)
DESCARTAR = (
    _PROLOGO
    + """
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[3], ARGV[4])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', 100000, '*', 'evento', ARGV[2])
return {'OK'}
"""
)

_ERROS = {
    "SESSAO_NAO_ENCONTRADA": (404, "Sessão de carrinho não encontrada ou expirada."),
    "CARRINHO_FECHADO": (409, "O carrinho já virou um pedido e está fechado para edição."),
    "LIMITE_DE_LINHAS": (409, "O carrinho atingiu o limite de produtos diferentes."),
    "LIMITE_DE_QUANTIDADE": (409, "A quantidade passaria do limite por produto."),
    "ITEM_NAO_ENCONTRADO": (404, "Este produto não está no carrinho."),
}


@dataclass
class Carrinhos:
    """Cart operations on the cart's Redis."""

    redis: redis.Redis
    ttl_s: int
    max_linhas: int
    max_quantidade: int
    _scripts: dict[str, Any] = field(default_factory=dict)

    def criar(self) -> dict[str, Any]:
        """A new empty, open cart with an unguessable id."""
        session_id = secrets.token_hex(16)
        chave = chaves.carrinho(session_id)
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(
            chave, mapping={"_estado": "ABERTO", "_versao": 0, "_linhas": 0, "_criado_em": int(time.time())}
        )
        pipe.expire(chave, self.ttl_s)
        pipe.execute()
        return {"session_id": session_id, "expira_em": self.expira_em()}

    def adicionar(self, session_id: str, produto_id: int, quantidade: int, preco: str) -> int:
        """Add units to a line (creating it at the current price); returns the line's quantity."""
        evento = evento_json(
            "ItemAdicionadoAoCarrinho", session_id, {"produto_id": produto_id, "quantidade": quantidade}
        )
        extra = [produto_id, quantidade, preco, self.max_quantidade, self.max_linhas]
        return int(self._rodar(ADICIONAR, session_id, evento, extra)[1])

    def definir(self, session_id: str, produto_id: int, quantidade: int) -> int:
        """Set a line's quantity (0 removes it)."""
        tipo = "ItemRemovidoDoCarrinho" if quantidade == 0 else "QuantidadeAlteradaNoCarrinho"
        evento = evento_json(tipo, session_id, {"produto_id": produto_id, "quantidade": quantidade})
        return int(self._rodar(DEFINIR, session_id, evento, [produto_id, quantidade, self.max_quantidade])[1])

    def descartar(self, session_id: str) -> None:
        """Delete the cart and its session."""
        self._rodar(DESCARTAR, session_id, evento_json("CarrinhoDescartado", session_id, {}), [])

    def ler(self, session_id: str) -> dict[str, str]:
        """The cart's raw fields, renewing its TTL; 404 when it does not exist."""
        chave = chaves.carrinho(session_id)
        pipe = self.redis.pipeline(transaction=True)
        pipe.hgetall(chave)
        pipe.expire(chave, self.ttl_s)
        pipe.zadd(chaves.COM_ITENS, {session_id: time.time() + self.ttl_s}, xx=True)
        campos, _, _ = pipe.execute()
        if not campos:
            raise ApiError(404, "SESSAO_NAO_ENCONTRADA", _ERROS["SESSAO_NAO_ENCONTRADA"][1])
        return dict(campos)

    def _rodar(self, script: str, session_id: str, evento: str, extra: list[Any]) -> list[str]:
        keys = [chaves.carrinho(session_id), chaves.EVENTOS_LOCAIS, chaves.COM_ITENS]
        args = [self.ttl_s, evento, time.time() + self.ttl_s, session_id, *extra]
        if script not in self._scripts:
            # Registered once: later calls send only the script's SHA (EVALSHA).
            self._scripts[script] = self.redis.register_script(script)
        resultado = [str(r) for r in self._scripts[script](keys=keys, args=args)]
        if resultado[0] != "OK":
            status, mensagem = _ERROS[resultado[0]]
            detalhes = {"pedido_id": resultado[1]} if resultado[0] == "CARRINHO_FECHADO" else {}
            raise ApiError(status, resultado[0], mensagem, **detalhes)
        return resultado

    def expira_em(self) -> str:
        """When the session expires if it stays idle from now."""
        return (datetime.now(UTC) + timedelta(seconds=self.ttl_s)).isoformat()
