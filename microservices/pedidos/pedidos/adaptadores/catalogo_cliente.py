"""Asks the catalog, at checkout, which products exist and are active (prices come from the saga)."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

import requests

log = logging.getLogger(__name__)

TIMEOUT_S = (0.5, 1.5)
# Products seen active are trusted for a few seconds without asking again: the check only turns
# a mistyped id into a 422 at once; the saga's reservation refuses an inactive product anyway.
CONFIANCA_S = 5.0
# Bounded, whatever the catalogue's size.
MAX_VISTOS = 10_000


class CatalogoHttp:
    """The catalog's HTTP API, tried instance by instance, over one keep-alive pool per process."""

    def __init__(self, urls: Sequence[str]) -> None:
        self.urls = tuple(urls)
        self._vistos_ativos: dict[int, float] = {}
        # One keep-alive connection pool instead of a new TCP connection per checkout.
        self._http = requests.Session()

    def produtos_ativos(self, ids: Sequence[int]) -> set[int] | None:
        """Ids among `ids` that are active products; None when no catalog instance answers."""
        agora = time.monotonic()
        pedidos = set(ids)
        if all(self._vistos_ativos.get(i, 0.0) > agora for i in pedidos):
            return pedidos
        consulta: dict[str, str | int] = {"ids": ",".join(str(i) for i in sorted(pedidos)), "por_pagina": 100}
        for url in self.urls:
            try:
                resposta = self._http.get(f"{url}/api/produtos", params=consulta, timeout=TIMEOUT_S)
            except requests.RequestException as exc:
                log.warning("catalog unreachable", extra={"url": url, "error": str(exc)})
                continue
            if resposta.status_code == 200:
                ativos = {int(produto["id"]) for produto in resposta.json()["data"]}
                if len(self._vistos_ativos) > MAX_VISTOS:
                    self._vistos_ativos.clear()
                self._vistos_ativos.update(dict.fromkeys(ativos, agora + CONFIANCA_S))
                return ativos
            log.warning("catalog answered %s", resposta.status_code, extra={"url": url})
        return None
