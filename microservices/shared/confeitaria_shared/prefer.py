"""The `Prefer: wait=N` header (RFC 7240): how long a client asks the server to wait for a result."""

from __future__ import annotations

import re

_WAIT = re.compile(r"(?:^|[;,\s])wait=(\d+)")


def espera_pedida(prefer: str | None, maximo: int) -> int | None:
    """The seconds asked, cut to `maximo`; None when the header asks for no wait."""
    achou = _WAIT.search(prefer or "")
    if not achou:
        return None
    digitos = achou.group(1)
    # Never int() an unbounded digit string: past 4,300 digits Python refuses it (a 500).
    return maximo if len(digitos) > 6 else min(int(digitos), maximo)
