"""Carts in Redis: each change is one Lua script (atomic), renews the TTL and writes its event."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import redis
from confeitaria_shared.errors import ApiError

from . import chaves, scripts
from .eventos import evento_json
from .leitura import Retrato

_ERROS = {
    "SESSAO_NAO_ENCONTRADA": (404, "Sessão de carrinho não encontrada ou expirada."),
    "CARRINHO_FECHADO": (409, "O carrinho já virou um pedido e está fechado para edição."),
    "LIMITE_DE_LINHAS": (409, "O carrinho atingiu o limite de produtos diferentes."),
    "LIMITE_DE_QUANTIDADE": (409, "A quantidade passaria do limite por produto."),
    "ITEM_NAO_ENCONTRADO": (404, "Este produto não está no carrinho."),
}


class ProdutoDesconhecidoError(Exception):
    """The cart holds no usable copy of the product: it has to be fetched from the catalog once."""


@dataclass
class Carrinhos:
    """Cart operations on the cart's Redis."""

    redis: redis.Redis
    ttl_s: int
    max_linhas: int
    max_quantidade: int
    _scripts: dict[str, Any] = field(default_factory=dict)

    def criar(self, cliente_id: str | None = None) -> dict[str, Any]:
        """A new empty, open cart with an unguessable id; a customer's answers only to them (and staff)."""
        session_id = secrets.token_hex(16)
        chave = chaves.carrinho(session_id)
        campos: dict[str, Any] = {
            "_estado": "ABERTO",
            "_versao": 0,
            "_linhas": 0,
            "_criado_em": int(time.time()),
        }
        if cliente_id:
            campos["_cliente"] = cliente_id
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(chave, mapping=campos)
        pipe.expire(chave, self.ttl_s)
        pipe.execute()
        return {"session_id": session_id, "expira_em": self.expira_em()}

    def adicionar(self, session_id: str, produto_id: int, quantidade: int, quem: str) -> Retrato:
        """Add units to a line at the price of the product's local copy; the cart as it now stands."""
        evento = evento_json(
            "ItemAdicionadoAoCarrinho", session_id, {"produto_id": produto_id, "quantidade": quantidade}
        )
        extra = [produto_id, quantidade, self.max_quantidade, self.max_linhas]
        mais = [chaves.produto(produto_id)]
        resultado = self._rodar(scripts.ADICIONAR, session_id, evento, [*extra, quem], mais)
        return Retrato.do_script(resultado[1])

    def definir(self, session_id: str, produto_id: int, quantidade: int, quem: str) -> Retrato:
        """Set a line's quantity (0 removes it); the cart as it now stands."""
        tipo = "ItemRemovidoDoCarrinho" if quantidade == 0 else "QuantidadeAlteradaNoCarrinho"
        evento = evento_json(tipo, session_id, {"produto_id": produto_id, "quantidade": quantidade})
        extra = [produto_id, quantidade, self.max_quantidade, quem]
        resultado = self._rodar(scripts.DEFINIR, session_id, evento, extra)
        return Retrato.do_script(resultado[1])

    def descartar(self, session_id: str, quem: str) -> None:
        """Delete the cart and its session."""
        self._rodar(scripts.DESCARTAR, session_id, evento_json("CarrinhoDescartado", session_id, {}), [quem])

    def ler(self, session_id: str, quem: str) -> Retrato:
        """The cart with its copies of products, renewing its TTL; 404 if missing or not theirs."""
        keys = [chaves.carrinho(session_id), chaves.COM_ITENS]
        args = [self.ttl_s, time.time() + self.ttl_s, session_id, chaves.produto(""), quem]
        resultado = self._script(scripts.LER)(keys=keys, args=args)
        if resultado[0] != "OK":
            raise ApiError(404, "SESSAO_NAO_ENCONTRADA", _ERROS["SESSAO_NAO_ENCONTRADA"][1])
        return Retrato.do_script(resultado[1])

    def _script(self, script: str) -> Any:
        if script not in self._scripts:
            # Registered once: later calls send only the script's SHA (EVALSHA).
            self._scripts[script] = self.redis.register_script(script)
        return self._scripts[script]

    def _rodar(
        self, script: str, session_id: str, evento: str, extra: list[Any], mais_keys: list[str] | None = None
    ) -> list[Any]:
        keys = [chaves.carrinho(session_id), chaves.EVENTOS_LOCAIS, chaves.COM_ITENS, *(mais_keys or [])]
        args = [self.ttl_s, evento, time.time() + self.ttl_s, session_id, chaves.produto(""), *extra]
        resultado: list[Any] = self._script(script)(keys=keys, args=args)
        if resultado[0] != "OK":
            raise _recusa([str(r) for r in resultado])
        return resultado

    def expira_em(self) -> str:
        """When the session expires if it stays idle from now."""
        return (datetime.now(UTC) + timedelta(seconds=self.ttl_s)).isoformat()


def _recusa(resultado: list[str]) -> Exception:
    """The error a script's refusal stands for."""
    codigo = resultado[0]
    if codigo == "PRODUTO_DESCONHECIDO":
        return ProdutoDesconhecidoError()
    if codigo == "PRODUTO_INATIVO":
        return ApiError(409, codigo, f"{resultado[1] or 'O produto'} não está mais à venda.")
    if codigo == "ESTOQUE_INSUFICIENTE":
        disponivel, solicitado, nome = int(resultado[1]), int(resultado[2]), resultado[3] or "o produto"
        mensagem = f"Só há {disponivel} unidades de {nome}."
        return ApiError(409, codigo, mensagem, disponivel=disponivel, solicitado=solicitado)
    status, mensagem = _ERROS[codigo]
    detalhes = {"pedido_id": resultado[1]} if codigo == "CARRINHO_FECHADO" else {}
    return ApiError(status, codigo, mensagem, **detalhes)
