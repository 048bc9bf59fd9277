"""Percentiles of measured latencies, the same rule for every measure of the benchmark."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentil(ordenados: Sequence[float], fracao: float) -> float:
    """The nearest-rank percentile (`fracao` 0.5, 0.99...) of values sorted ascending; 0 when empty."""
    if not ordenados:
        return 0.0
    posicao = max(1, math.ceil(fracao * len(ordenados)))
    return float(ordenados[min(posicao, len(ordenados)) - 1])
