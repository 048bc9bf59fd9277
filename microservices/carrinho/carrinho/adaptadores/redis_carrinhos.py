"""Carts in Redis: each change is one Lua script (atomic), renews the TTL and writes its event."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import redis

from ..dominio.carrinho import Carrinho
from ..dominio.desfecho import Desfecho, Fechamento
from ..dominio.erros import (
    CarrinhoFechadoError,
    EstoqueInsuficienteError,
    ItemNaoEncontradoError,
    LimiteDeLinhasError,
    LimiteDeQuantidadeError,
    ProdutoDesconhecidoError,
    ProdutoInativoError,
    SessaoNaoEncontradaError,
)
from ..dominio.eventos import EventoDoCarrinho
from . import chaves, scripts
from .eventos_locais import evento_json

# How many expired carts one sweep looks at.
VARREDURA = 200


@dataclass
class CarrinhosRedis:
    """The cart repository on the cart's Redis: the scripts apply the rules of dominio/ atomically."""

    redis: redis.Redis
    ttl_s: int
    max_linhas: int
    max_quantidade: int
    _scripts: dict[str, Any] = field(default_factory=dict)

    def abrir(self, session_id: str, campos: dict[str, str]) -> None:
        """Store a new cart with its TTL."""
        chave = chaves.carrinho(session_id)
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(chave, mapping=cast(dict[str | bytes, str], campos))
        pipe.expire(chave, self.ttl_s)
        pipe.execute()

    def adicionar(
        self, session_id: str, produto_id: int, quantidade: int, quem: str, evento: EventoDoCarrinho
    ) -> Carrinho:
        """Add units to a line at the price of the product's local copy; the cart as it now stands."""
        extra = [produto_id, quantidade, self.max_quantidade, self.max_linhas, quem]
        mais = [chaves.produto(produto_id)]
        resultado = self._rodar(scripts.ADICIONAR, session_id, evento, extra, mais)
        return do_script(session_id, resultado[1])

    def definir(
        self, session_id: str, produto_id: int, quantidade: int, quem: str, evento: EventoDoCarrinho
    ) -> Carrinho:
        """Set a line's quantity (0 removes it); the cart as it now stands."""
        extra = [produto_id, quantidade, self.max_quantidade, quem]
        resultado = self._rodar(scripts.DEFINIR, session_id, evento, extra)
        return do_script(session_id, resultado[1])

    def descartar(self, session_id: str, quem: str, evento: EventoDoCarrinho) -> None:
        """Delete the cart and its session."""
        self._rodar(scripts.DESCARTAR, session_id, evento, [quem])

    def ler(self, session_id: str, quem: str) -> Carrinho:
        """The cart with its copies of products, renewing its TTL; not found if missing or not theirs."""
        keys = [chaves.carrinho(session_id), chaves.COM_ITENS]
        args = [self.ttl_s, time.time() + self.ttl_s, session_id, chaves.produto(""), quem]
        resultado = self._script(scripts.LER)(keys=keys, args=args)
        if resultado[0] != "OK":
            raise SessaoNaoEncontradaError()
        return do_script(session_id, resultado[1])

    def fechar(
        self,
        session_id: str,
        pedido_id: str,
        comprados: list[tuple[int, int]],
        checkouts: int,
        evento: EventoDoCarrinho,
    ) -> Fechamento:
        """Close the cart with its order and remember, for the order's fate, which cart it came from."""
        linhas = json.dumps([list(item) for item in comprados])
        keys = [
            chaves.carrinho(session_id),
            chaves.EVENTOS_LOCAIS,
            chaves.COM_ITENS,
            chaves.pedido(pedido_id),
        ]
        args = [pedido_id, evento_json(evento), session_id, str(self.ttl_s), str(checkouts), linhas]
        return Fechamento(int(self._script(scripts.FECHAR)(keys=keys, args=args)))

    def carrinho_do_pedido(self, pedido_id: str) -> str | None:
        """The session an order came from, while remembered."""
        session_id = self.redis.get(chaves.pedido(pedido_id))
        return str(session_id) if session_id else None

    def concluir(self, session_id: str, pedido_id: str, desfecho: Desfecho, evento: EventoDoCarrinho) -> bool:
        """Empty or reopen the cart closed with `pedido_id`; False if it is not."""
        keys = [chaves.carrinho(session_id), chaves.EVENTOS_LOCAIS]
        args = [pedido_id, evento_json(evento), desfecho.value]
        return bool(self._script(scripts.CONCLUIR)(keys=keys, args=args))

    def vencidos(self) -> list[str]:
        """Carts with items whose expiry passed, a sweep's worth."""
        fim = time.time()
        return cast(
            list[str], self.redis.zrangebyscore(chaves.COM_ITENS, "-inf", fim, start=0, num=VARREDURA)
        )

    def existe(self, session_id: str) -> bool:
        """Whether the cart is still there."""
        return bool(self.redis.exists(chaves.carrinho(session_id)))

    def marcar_abandonado(self, session_id: str, evento: EventoDoCarrinho) -> bool:
        """Only the worker whose ZREM succeeds writes the event."""
        if not self.redis.zrem(chaves.COM_ITENS, session_id):
            return False
        self.redis.xadd(chaves.EVENTOS_LOCAIS, {"evento": evento_json(evento)})
        return True

    def expira_em(self) -> str:
        """When the session expires if it stays idle from now."""
        return (datetime.now(UTC) + timedelta(seconds=self.ttl_s)).isoformat()

    def _script(self, script: str) -> Any:
        if script not in self._scripts:
            # Registered once: later calls send only the script's SHA (EVALSHA).
            self._scripts[script] = self.redis.register_script(script)
        return self._scripts[script]

    def _rodar(
        self,
        script: str,
        session_id: str,
        evento: EventoDoCarrinho,
        extra: list[Any],
        mais_keys: list[str] | None = None,
    ) -> list[Any]:
        keys = [chaves.carrinho(session_id), chaves.EVENTOS_LOCAIS, chaves.COM_ITENS, *(mais_keys or [])]
        args = [
            self.ttl_s,
            evento_json(evento),
            time.time() + self.ttl_s,
            session_id,
            chaves.produto(""),
            *extra,
        ]
        resultado: list[Any] = self._script(script)(keys=keys, args=args)
        if resultado[0] != "OK":
            raise _recusa([str(r) for r in resultado])
        return resultado


def do_script(session_id: str, resposta: str) -> Carrinho:
    """Read a script's JSON answer: the cart's flat HGETALL, then (id, nome, preco, ativo) per line."""
    planos, copias = json.loads(resposta)
    copias = copias or []  # Lua's cjson writes an empty table as {}
    campos = dict(zip(planos[::2], planos[1::2], strict=True))
    por_id: dict[str, dict[str, str]] = {}
    for i in range(0, len(copias), 4):
        valores = zip(("nome", "preco", "ativo"), copias[i + 1 : i + 4], strict=True)
        por_id[copias[i]] = {campo: valor for campo, valor in valores if valor}
    return Carrinho(session_id, campos, por_id)


_SIMPLES: dict[str, type[Exception]] = {
    "SESSAO_NAO_ENCONTRADA": SessaoNaoEncontradaError,
    "LIMITE_DE_LINHAS": LimiteDeLinhasError,
    "LIMITE_DE_QUANTIDADE": LimiteDeQuantidadeError,
    "ITEM_NAO_ENCONTRADO": ItemNaoEncontradoError,
    "PRODUTO_DESCONHECIDO": ProdutoDesconhecidoError,
}


def _recusa(resultado: list[str]) -> Exception:
    """The domain error a script's refusal stands for."""
    codigo = resultado[0]
    if codigo == "PRODUTO_INATIVO":
        return ProdutoInativoError(resultado[1])
    if codigo == "ESTOQUE_INSUFICIENTE":
        return EstoqueInsuficienteError(int(resultado[1]), int(resultado[2]), resultado[3])
    if codigo == "CARRINHO_FECHADO":
        return CarrinhoFechadoError(resultado[1])
    return _SIMPLES[codigo]()
