"""Exact money for the cart: Decimal with two places, never floats in the sums."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

CENTAVO = Decimal("0.01")


def reais(valor: Any) -> Decimal:
    """A money value from the catalog (number or text) as an exact two-place Decimal."""
    return Decimal(str(valor)).quantize(CENTAVO)
