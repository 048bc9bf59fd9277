"""The cart's HTTP client of the catalog: short timeouts, retried reads, and a circuit breaker."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import pybreaker
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from ..dominio.erros import CatalogoIndisponivelError

log = logging.getLogger(__name__)

TIMEOUT_S = (0.5, 2.0)


def _sessao_http() -> requests.Session:
    sessao = requests.Session()
    # Reads are idempotent: a refused connection or a 502/503/504 is retried once, quickly.
    retry = Retry(total=1, backoff_factor=0.05, status_forcelist=(502, 503, 504), allowed_methods=("GET",))
    sessao.mount("http://", HTTPAdapter(max_retries=retry, pool_maxsize=20))
    return sessao


class ClienteCatalogo:
    """Reads products from the first catalog instance that answers, behind a circuit breaker."""

    def __init__(self, urls: Sequence[str], falhas_max: int = 5, reabrir_s: float = 10.0) -> None:
        self.urls = list(urls)
        self.http = _sessao_http()
        # After falhas_max failures in a row the breaker opens: calls fail at once for reabrir_s.
        self.breaker = pybreaker.CircuitBreaker(fail_max=falhas_max, reset_timeout=reabrir_s, name="catalogo")

    def produto(self, produto_id: int) -> dict[str, Any] | None:
        """The product as the catalog shows it, None if it does not exist; unavailable when unreachable."""
        try:
            resultado: dict[str, Any] | None = self.breaker.call(self._buscar, produto_id)
        except (pybreaker.CircuitBreakerError, requests.RequestException):
            raise CatalogoIndisponivelError() from None
        return resultado

    def _buscar(self, produto_id: int) -> dict[str, Any] | None:
        ultimo: Exception | None = None
        for url in self.urls:
            try:
                resposta = self.http.get(f"{url}/api/produtos/{produto_id}", timeout=TIMEOUT_S)
            except requests.RequestException as exc:
                ultimo = exc
                continue
            if resposta.status_code == 404:
                return None
            if resposta.status_code == 200:
                produto: dict[str, Any] = resposta.json()["data"]
                return produto
            ultimo = requests.HTTPError(f"catalog answered {resposta.status_code}")
        raise ultimo or requests.ConnectionError("no catalog instance configured")
