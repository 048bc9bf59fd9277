"""The rules of a cart's edits, as the store's scripts apply them atomically: copy, stock hint, caps.

The Redis adapter runs them in Lua (one script per change, so two buyers never interleave); the
in-memory repository of the tests runs these, so both answer the same refusals in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass

from .carrinho import ITEM, PRECO, Carrinho
from .erros import (
    EstoqueInsuficienteError,
    ItemNaoEncontradoError,
    LimiteDeLinhasError,
    LimiteDeQuantidadeError,
    ProdutoDesconhecidoError,
    ProdutoInativoError,
)


@dataclass(frozen=True)
class Limites:
    """A cart's caps: different products, and units per product."""

    max_linhas: int
    max_quantidade: int


def adicionar(
    carrinho: Carrinho, copia: dict[str, str], produto_id: int, quantidade: int, limites: Limites, quem: str
) -> dict[str, str]:
    """The cart's fields once `quantidade` units are added at the copy's price; the copy answers alone."""
    carrinho.exigir_editavel(quem)
    if copia.get("ativo") == "0":
        raise ProdutoInativoError(copia.get("nome", ""))
    if not all(copia.get(campo) for campo in ("ativo", "preco", "estoque")):
        raise ProdutoDesconhecidoError()
    campos = dict(carrinho.campos)
    atual = int(campos.get(f"{ITEM}{produto_id}", "0"))
    novo = atual + quantidade
    # The stock hint is checked before the caps, as the catalog was before the copy existed.
    if novo > int(copia["estoque"]):
        raise EstoqueInsuficienteError(int(copia["estoque"]), novo, copia.get("nome", ""))
    if atual == 0 and int(campos.get("_linhas", "0")) >= limites.max_linhas:
        raise LimiteDeLinhasError()
    if novo > limites.max_quantidade:
        raise LimiteDeQuantidadeError()
    campos[f"{ITEM}{produto_id}"] = str(novo)
    if atual == 0:
        campos["_linhas"] = str(int(campos.get("_linhas", "0")) + 1)
        campos[f"{PRECO}{produto_id}"] = copia["preco"]
    return _mudou(campos)


def definir(
    carrinho: Carrinho, produto_id: int, quantidade: int, limites: Limites, quem: str
) -> dict[str, str]:
    """The cart's fields with a line's quantity set (0 removes the line)."""
    carrinho.exigir_editavel(quem)
    campos = dict(carrinho.campos)
    if f"{ITEM}{produto_id}" not in campos:
        raise ItemNaoEncontradoError()
    if quantidade > limites.max_quantidade:
        raise LimiteDeQuantidadeError()
    if quantidade == 0:
        del campos[f"{ITEM}{produto_id}"]
        campos.pop(f"{PRECO}{produto_id}", None)
        campos["_linhas"] = str(int(campos.get("_linhas", "0")) - 1)
    else:
        campos[f"{ITEM}{produto_id}"] = str(quantidade)
    return _mudou(campos)


def tem_itens(campos: dict[str, str]) -> bool:
    """Whether the cart holds lines (then its expiry is watched, to report it abandoned)."""
    return int(campos.get("_linhas", "0")) > 0


def _mudou(campos: dict[str, str]) -> dict[str, str]:
    return {**campos, "_versao": str(int(campos.get("_versao", "0")) + 1)}
