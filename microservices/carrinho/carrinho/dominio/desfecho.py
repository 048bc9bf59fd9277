"""A checkout's end for the cart: closed with its order, then emptied (confirmed) or reopened (cancelled).

As with the edits, the Redis adapter applies these rules in Lua and the tests' repository in Python.
"""

from __future__ import annotations

import json
from enum import Enum

from confeitaria_shared.contratos import status

from .carrinho import ABERTO, FECHADO, ITEM, PRECO


class Desfecho(Enum):
    """What an order's fate does to the cart it came from."""

    ESVAZIAR = "esvaziar"  # confirmed (or moved on by staff): the lines it bought leave the cart
    REABRIR = "reabrir"  # cancelled: the cart reopens with its lines, to fix and try again


class Fechamento(Enum):
    """How closing a cart with an order went."""

    RECUSADO = 0  # closed with another order
    FECHADO = 1  # closed now, or already with this order
    JA_CONCLUIDO = 2  # the cart moved on: this order's fate was already seen (or the cart is gone)


def desfecho_do_status(status_do_pedido: str) -> Desfecho | None:
    """The cart's outcome of an order in this status; None while the order waits for its fate."""
    if status_do_pedido not in status.FINAIS_DO_CHECKOUT:
        return None
    return Desfecho.REABRIR if status_do_pedido == status.CANCELADO else Desfecho.ESVAZIAR


def fechar(
    campos: dict[str, str], pedido_id: str, comprados: list[tuple[int, int]], checkouts: int
) -> tuple[Fechamento, dict[str, str]]:
    """Close an open cart read at `checkouts` with its order, keeping the lines the order bought."""
    if int(campos.get("_checkouts", "0")) != checkouts or "_estado" not in campos:
        return Fechamento.JA_CONCLUIDO, campos
    if campos["_estado"] != ABERTO:
        fechado = campos.get("_pedido_id") == pedido_id
        return (Fechamento.FECHADO if fechado else Fechamento.RECUSADO), campos
    linhas = json.dumps([list(item) for item in comprados])
    return Fechamento.FECHADO, {
        **campos,
        "_estado": FECHADO,
        "_pedido_id": pedido_id,
        "_pedido_itens": linhas,
    }


def concluir(campos: dict[str, str], pedido_id: str, desfecho: Desfecho) -> dict[str, str] | None:
    """The cart after its order's fate; None if the cart is not (or no longer) closed with that order."""
    if campos.get("_pedido_id") != pedido_id:
        return None
    novos = dict(campos)
    if desfecho is Desfecho.ESVAZIAR:
        # Only what the order bought leaves: a line added while the checkout ran stays for the next purchase.
        for produto_id, quantidade in json.loads(novos.get("_pedido_itens") or "[]"):
            resta = int(novos.get(f"{ITEM}{produto_id}", "0")) - quantidade
            if resta > 0:
                novos[f"{ITEM}{produto_id}"] = str(resta)
            elif novos.pop(f"{ITEM}{produto_id}", None) is not None:
                novos.pop(f"{PRECO}{produto_id}", None)
                novos["_linhas"] = str(int(novos.get("_linhas", "0")) - 1)
    for campo in ("_pedido_itens", "_pedido_id"):
        novos.pop(campo, None)
    novos.update(_estado=ABERTO, _ultimo_pedido_id=pedido_id)
    novos["_versao"] = str(int(novos.get("_versao", "0")) + 1)
    novos["_checkouts"] = str(int(novos.get("_checkouts", "0")) + 1)
    return novos
