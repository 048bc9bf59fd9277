"""A cart as customers see it: lines with names and prices from the local product copy, exact totals."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .dinheiro import reais


@dataclass(frozen=True)
class Retrato:
    """A cart's raw fields and the local copies (nome, preco, ativo) of the products on its lines."""

    campos: dict[str, str]
    copias: dict[str, dict[str, str]]

    @classmethod
    def do_script(cls, resposta: str) -> Retrato:
        """Read a script's JSON answer: the cart's flat HGETALL, then (id, nome, preco, ativo) per line."""
        planos, copias = json.loads(resposta)
        copias = copias or []  # Lua's cjson writes an empty table as {}
        campos = dict(zip(planos[::2], planos[1::2], strict=True))
        por_id: dict[str, dict[str, str]] = {}
        for i in range(0, len(copias), 4):
            valores = zip(("nome", "preco", "ativo"), copias[i + 1 : i + 4], strict=True)
            por_id[copias[i]] = {campo: valor for campo, valor in valores if valor}
        return cls(campos, por_id)


def montar(session_id: str, retrato: Retrato, expira_em: str) -> dict[str, Any]:
    """The cart's lines and totals; a changed price and an inactive product are flagged."""
    campos = retrato.campos
    ids = sorted((campo.removeprefix("item:") for campo in campos if campo.startswith("item:")), key=int)
    itens: list[dict[str, Any]] = []
    total = Decimal("0.00")
    for produto_id in ids:
        quantidade = int(campos[f"item:{produto_id}"])
        no_carrinho = reais(campos.get(f"preco:{produto_id}", "0"))
        local = retrato.copias.get(produto_id, {})
        preco = reais(local.get("preco", no_carrinho))
        disponivel = local.get("ativo", "1") == "1"
        subtotal = preco * quantidade
        if disponivel:
            total += subtotal
        itens.append(
            {
                "produto_id": int(produto_id),
                "nome": local.get("nome", f"Produto {produto_id}"),
                "preco_unitario": preco,
                "quantidade": quantidade,
                "subtotal": subtotal,
                "preco_alterado": preco != no_carrinho,
                "preco_quando_adicionado": no_carrinho,
                "disponivel": disponivel,
            }
        )
    return {
        "session_id": session_id,
        "estado": campos.get("_estado"),
        # The customer the cart belongs to (None for a guest's): its checkout makes their order.
        "cliente_id": campos.get("_cliente"),
        "pedido_id": campos.get("_pedido_id"),
        "ultimo_pedido_id": campos.get("_ultimo_pedido_id"),
        "itens": itens,
        "total": total,
        "quantidade_itens": sum(item["quantidade"] for item in itens if item["disponivel"]),
        "versao": int(campos.get("_versao", 0)),
        # How many checkouts of this cart reached their fate: the next one's key is made of it.
        "checkouts": int(campos.get("_checkouts", 0)),
        "expira_em": expira_em,
    }
