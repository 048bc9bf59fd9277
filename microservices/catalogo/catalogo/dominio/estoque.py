"""Stock: what a staff operation leaves on the shelf (never below zero), and the ledger's lines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from confeitaria_shared.dominio import ConflitoError

Operacao = Literal["adicionar", "remover", "definir"]
# Why a unit moved: opening stock, staff, an order's reservation, its sale, or units given back.
Motivo = Literal["inicial", "manual", "reserva", "venda", "liberacao"]


def estoque_apos(estoque: int, operacao: Operacao, quantidade: int) -> int:
    """The stock after a staff operation; removing more than there is is refused."""
    if operacao == "adicionar":
        return estoque + quantidade
    if operacao == "definir":
        return quantidade
    if quantidade > estoque:
        raise ConflitoError(
            "ESTOQUE_INSUFICIENTE",
            f"Estoque insuficiente: pedido {quantidade}, disponível {estoque}.",
            disponivel=estoque,
            solicitado=quantidade,
        )
    return estoque - quantidade


@dataclass(frozen=True)
class Saldo:
    """A product's units on the shelf now, and the product's version (events carry it)."""

    estoque: int
    versao: int


@dataclass(frozen=True)
class Movimento:
    """One append-only line of the stock ledger."""

    produto_id: int
    delta: int
    resultante: int
    motivo: Motivo
    pedido_id: str | None = None
    correlation_id: str | None = None
