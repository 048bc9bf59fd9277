"""The cart's use cases behind its API: open, read, add, set, remove, discard."""

from __future__ import annotations

import secrets
import time
from typing import Any

from ..dominio import eventos
from ..dominio.carrinho import Carrinho, campos_de_um_novo
from ..dominio.erros import (
    CatalogoIndisponivelError,
    EstoqueInsuficienteError,
    ProdutoDesconhecidoError,
    ProdutoNaoEncontradoError,
)
from ..dominio.produto import do_catalogo
from .portas import Carrinhos, Catalogo, CopiasDeProdutos


def abrir_sessao(carrinhos: Carrinhos, cliente_id: str | None) -> dict[str, Any]:
    """A new empty, open cart with an unguessable id; a customer's answers only to them (and staff)."""
    session_id = secrets.token_hex(16)
    carrinhos.abrir(session_id, campos_de_um_novo(cliente_id, int(time.time())))
    return {"session_id": session_id, "expira_em": carrinhos.expira_em()}


def ver(carrinhos: Carrinhos, session_id: str, quem: str) -> dict[str, Any]:
    """The cart's lines, totals and flags, from the store alone (no call to the catalog)."""
    return _resposta(carrinhos, carrinhos.ler(session_id, quem))


def adicionar(
    carrinhos: Carrinhos,
    copias: CopiasDeProdutos,
    catalogo: Catalogo,
    session_id: str,
    produto_id: int,
    quantidade: int,
    quem: str,
) -> dict[str, Any]:
    """Add from the product's copy; a product never seen is fetched once, a stock hint's refusal confirmed."""
    evento = eventos.item_adicionado(session_id, produto_id, quantidade)
    try:
        return _resposta(carrinhos, carrinhos.adicionar(session_id, produto_id, quantidade, quem, evento))
    except ProdutoDesconhecidoError:
        buscar_no_catalogo(copias, catalogo, produto_id)
    except EstoqueInsuficienteError as recusa:
        # The hint may be stale (sales and restocks move stock between events): before refusing,
        # ask the catalog once. With the catalog down, the hint's refusal stands.
        try:
            buscar_no_catalogo(copias, catalogo, produto_id)
        except CatalogoIndisponivelError:
            raise recusa from None
    try:
        return _resposta(carrinhos, carrinhos.adicionar(session_id, produto_id, quantidade, quem, evento))
    except ProdutoDesconhecidoError:
        # Only if the copy vanished again at once (a Redis restart without its data, say).
        raise CatalogoIndisponivelError() from None


def buscar_no_catalogo(copias: CopiasDeProdutos, catalogo: Catalogo, produto_id: int) -> None:
    """Fetch the product (behind the breaker) into the local copy; 404 when the catalog lacks it."""
    produto = catalogo.produto(produto_id)
    if produto is None:
        raise ProdutoNaoEncontradoError(produto_id)
    copias.gravar(produto["id"], int(produto["versao"]), do_catalogo(produto))


def definir_quantidade(
    carrinhos: Carrinhos, session_id: str, produto_id: int, quantidade: int, quem: str
) -> dict[str, Any]:
    """Set a line's quantity (0 removes it); works with the catalog down."""
    evento = eventos.quantidade_definida(session_id, produto_id, quantidade)
    return _resposta(carrinhos, carrinhos.definir(session_id, produto_id, quantidade, quem, evento))


def remover(carrinhos: Carrinhos, session_id: str, produto_id: int, quem: str) -> dict[str, Any]:
    """Remove a line."""
    return definir_quantidade(carrinhos, session_id, produto_id, 0, quem)


def descartar(carrinhos: Carrinhos, session_id: str, quem: str) -> dict[str, Any]:
    """Throw the cart away (its session ends)."""
    carrinhos.descartar(session_id, quem, eventos.descartado(session_id))
    return {"session_id": session_id, "descartado": True}


def _resposta(carrinhos: Carrinhos, carrinho: Carrinho) -> dict[str, Any]:
    return carrinho.como_resposta(carrinhos.expira_em())
