"""Exact money for every service: two-place Decimals, never floats, one way to sum an order or a cart."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

CENTAVO = Decimal("0.01")
ZERO = Decimal("0.00")


def reais(valor: Any) -> Decimal:
    """A money value (number, text or Decimal) as an exact two-place Decimal."""
    return Decimal(str(valor)).quantize(CENTAVO)


def subtotal(preco_unitario: Any, quantidade: int) -> Decimal:
    """What `quantidade` units at `preco_unitario` cost."""
    return reais(preco_unitario) * int(quantidade)


def somar(valores: Iterable[Decimal]) -> Decimal:
    """The total of some amounts (0.00 for none)."""
    return sum(valores, ZERO)


def total_dos_itens(itens: Iterable[dict[str, Any]]) -> Decimal:
    """The total of lines that carry `preco_unitario` and `quantidade` (an order's, a reservation's)."""
    return somar(subtotal(item["preco_unitario"], item["quantidade"]) for item in itens)


def em_texto(valor: Any) -> str:
    """A money value as the events carry it: text with two places ("12.50")."""
    return str(reais(valor))
