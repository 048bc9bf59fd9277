"""Pieces of list queries every service's staff filters share."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa


def utc(instante: datetime) -> datetime:
    """An instant as UTC: a naive one (no offset given) is taken as UTC already."""
    return instante if instante.tzinfo else instante.replace(tzinfo=UTC)


def onde_iguais(consulta: sa.Select[Any], filtros: Iterable[tuple[Any, object]]) -> sa.Select[Any]:
    """The query narrowed to rows whose column equals the filter's value, for each filter given."""
    for coluna, valor in filtros:
        if valor:
            consulta = consulta.where(coluna == valor)
    return consulta
