"""Asks the catalog, at checkout, which products exist and are active (prices come from the saga)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import requests

log = logging.getLogger(__name__)

TIMEOUT_S = (0.5, 1.5)


def produtos_ativos(urls: Sequence[str], ids: Sequence[int]) -> set[int] | None:
    """Ids among `ids` that are active products; None when no catalog instance answers."""
    consulta: dict[str, str | int] = {"ids": ",".join(str(i) for i in sorted(set(ids))), "por_pagina": 100}
    for url in urls:
        try:
            resposta = requests.get(f"{url}/api/produtos", params=consulta, timeout=TIMEOUT_S)
        except requests.RequestException as exc:
            log.warning("catalog unreachable", extra={"url": url, "error": str(exc)})
            continue
        if resposta.status_code == 200:
            return {int(produto["id"]) for produto in resposta.json()["data"]}
        log.warning("catalog answered %s", resposta.status_code, extra={"url": url})
    return None
