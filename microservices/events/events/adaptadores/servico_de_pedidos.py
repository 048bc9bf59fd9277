"""The orders service's read model over its staff API (for the replay's comparison)."""

from __future__ import annotations

import requests

from confeitaria_shared.dominio import IndisponivelError

from ..dominio.prova import Linhas, centavos

POR_PAGINA = 100


class ServicoDePedidosHttp:
    """Every order's status and total, page by page, as staff."""

    def __init__(self, endereco: str, token: str, timeout_s: float = 10.0) -> None:
        self.endereco, self._token, self._timeout_s = endereco, token, timeout_s

    def status_e_totais(self) -> Linhas:
        """Every order's (status, total); IndisponivelError when the service does not answer sensibly."""
        try:
            return self._ler()
        except (requests.RequestException, KeyError, ValueError) as exc:
            raise IndisponivelError("PEDIDOS_INDISPONIVEL", str(exc)) from exc

    def _ler(self) -> Linhas:
        linhas: Linhas = {}
        pagina = 1
        while True:
            resposta = requests.get(
                f"{self.endereco}/api/pedidos",
                params={"pagina": pagina, "por_pagina": POR_PAGINA},
                headers={"Authorization": f"Bearer {self._token}"},
                timeout=self._timeout_s,
            )
            resposta.raise_for_status()
            corpo = resposta.json()
            for pedido in corpo["data"]:
                linhas[pedido["id"]] = (pedido["status"], centavos(pedido["total"]))
            if not corpo["data"] or len(linhas) >= int(corpo["total"]):
                return linhas
            pagina += 1
