"""The cart's copy of a product (nome, preco, ativo, estoque hint), as catalog events and fetches leave it."""

from __future__ import annotations

from typing import Any

from confeitaria_shared.dinheiro import reais

Campos = dict[str, str]


def como_campo_do_hash(valor: Any) -> str:
    """A copy's field as its store keeps it: flags as '1'/'0', the rest as text."""
    return "1" if valor is True else "0" if valor is False else str(valor)


def do_produto(produto: dict[str, Any]) -> Campos:
    """ProdutoCriado / ProdutoAtualizado: name, price, active flag and, when it comes, the stock."""
    campos = {"nome": produto["nome"], "preco": reais(produto["preco"]), "ativo": produto["ativo"]}
    if "estoque" in produto:
        campos["estoque"] = int(produto["estoque"])
    return {campo: como_campo_do_hash(valor) for campo, valor in campos.items()}


def do_catalogo(produto: dict[str, Any]) -> Campos:
    """What the catalog answered about a product, its stock as the hint adds check."""
    return {**do_produto(produto), "estoque": como_campo_do_hash(int(produto["estoque"]))}


def gravar_se_mais_novo(atual: Campos, versao: int, campos: Campos) -> tuple[bool, Campos]:
    """Newer versions replace older ones (events come out of order); an older one only fills gaps.

    A copy made from a PrecoAlterado alone has no name, flag or stock yet: an older ProdutoCriado fills them.
    """
    mais_novo = versao >= int(atual.get("versao", "0"))
    novos = {"versao": str(versao), **campos}
    if mais_novo:
        return True, {**atual, **novos}
    return False, {**novos, **atual}
