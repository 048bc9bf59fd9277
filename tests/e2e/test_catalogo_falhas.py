"""The catalog with its primary database stopped: reads from the standby, honest 503s for writes."""

from __future__ import annotations

import requests

from tests.e2e.conftest import wait_healthy
from tests.support import compose
from tests.support.api_client import SEM_CACHE, novo_produto, staff
from tests.support.eventually import eventually


def test_with_the_primary_database_stopped_reads_go_on_and_writes_are_503_until_it_returns(
    gateway: str,
) -> None:
    headers = staff()
    operacao = {"quantidade": 1, "operacao": "adicionar"}
    compose.compose("stop", "catalogo-db")
    try:
        # Past the gateway's micro-cache: the catalog itself answers, from the standby.
        leituras = [
            requests.get(f"{gateway}/api/produtos", headers=SEM_CACHE, timeout=15).status_code
            for _ in range(10)
        ]
        detalhe = requests.get(f"{gateway}/api/produtos/1", headers=SEM_CACHE, timeout=15)
        escrita = requests.put(
            f"{gateway}/api/produtos/1/estoque", json=operacao, headers=headers, timeout=15
        )
    finally:
        compose.compose("start", "catalogo-db")
    wait_healthy("catalogo-db")

    assert leituras == [200] * 10
    assert detalhe.status_code == 200
    # It says so: the storefront warns its customers that buying may fail (docs/LOJA.md).
    assert detalhe.headers["X-Catalogo-Leitura"] == "standby"
    assert escrita.status_code == 503
    assert escrita.json()["error"]["code"] in ("SERVICO_INDISPONIVEL", "SOMENTE_LEITURA")

    # The same app writes again once the primary is back: no restart.
    def escreve() -> bool:
        r = requests.put(f"{gateway}/api/produtos/1/estoque", json=operacao, headers=headers, timeout=15)
        return r.status_code == 200

    eventually(escreve, timeout_s=60, interval_s=1, what="writes working again")

    # Reads are back on the primary too: a product created now is read at once, with its versao.
    criado = novo_produto()
    url = f"{gateway}/api/produtos/{criado['id']}"
    lidos = [requests.get(url, headers=SEM_CACHE, timeout=15) for _ in range(6)]
    assert [r.status_code for r in lidos] == [200] * 6
    assert {r.headers["X-Catalogo-Leitura"] for r in lidos} == {"primario"}
    assert all(r.json()["data"]["versao"] == criado["versao"] for r in lidos)
