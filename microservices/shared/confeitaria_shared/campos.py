"""Field types for untrusted input, usable by any model: no Flask, so domain contracts may use them.

The request guard (entrada.py) refuses the same characters in every request; `SemControle` is that
rule for a pydantic field, `Instante` an instant from outside normalised to UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator

# C0 controls but tab, LF and CR; DEL; and surrogates (only reachable as lone "\udXXX" JSON escapes).
_PROIBIDO_NO_CORPO = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_PROIBIDO_NA_LINHA = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def caractere_proibido(texto: str, multilinha: bool = True) -> str | None:
    """The first character `texto` may not hold, or None when it is clean."""
    achado = (_PROIBIDO_NO_CORPO if multilinha else _PROIBIDO_NA_LINHA).search(texto)
    return achado.group() if achado else None


def _sem_controle(texto: str) -> str:
    caractere = caractere_proibido(texto)
    if caractere is not None:
        raise ValueError(f"caractere de controle não permitido (U+{ord(caractere):04X})")
    return texto


SemControle = AfterValidator(_sem_controle)
"""Add to a str field: refuses the characters the request guard refuses in a body."""

# Instants the databases and Python both can hold once in UTC (PostgreSQL refuses offsets past ±15:59).
_INSTANTE_MIN = datetime(1900, 1, 1, tzinfo=UTC)
_INSTANTE_MAX = datetime(9999, 1, 1, tzinfo=UTC)


def _em_utc(instante: datetime) -> datetime:
    if instante.tzinfo is None:
        instante = instante.replace(tzinfo=UTC)  # a naive instant means UTC, as everywhere in the API
    try:
        instante = instante.astimezone(UTC)
    except OverflowError:
        raise ValueError("instante fora do intervalo aceito (anos 1900 a 9998)") from None
    if not _INSTANTE_MIN <= instante < _INSTANTE_MAX:
        raise ValueError("instante fora do intervalo aceito (anos 1900 a 9998)")
    return instante


Instante = Annotated[datetime, AfterValidator(_em_utc)]
"""An ISO-8601 instant from outside, normalised to UTC (naive means UTC) within the years 1900–9998."""
