"""The catalog's products over its public API (the admin panel's read models page)."""

from __future__ import annotations

import logging
from typing import Any

import requests

log = logging.getLogger(__name__)
INDISPONIVEL = "O catálogo não responde agora."


def produtos_do_catalogo(url: str) -> tuple[list[dict[str, Any]], int, str | None]:
    """The first 100 products by name, how many there are, and an error to show when it does not answer."""
    try:
        resposta = requests.get(
            f"{url}/api/produtos", params={"por_pagina": "100", "ordenar": "nome"}, timeout=3
        )
        resposta.raise_for_status()
        corpo = resposta.json()
    except (requests.RequestException, ValueError):
        log.warning("catalog unreachable from the admin panel", exc_info=True)
        return [], 0, INDISPONIVEL
    return corpo["data"], int(corpo["total"]), None
