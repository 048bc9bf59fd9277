"""Read-your-writes in the catalog: reads leave the standby the moment the primary is back."""

from __future__ import annotations

import requests

from tests.e2e.conftest import wait_healthy
from tests.support import compose
from tests.support.api_client import novo_produto, staff
from tests.support.eventually import eventually

SEM_CACHE = {"Cache-Control": "no-cache"}


def preco_na_replica(produto_id: int) -> float | None:
    """The price the replica app (reading the standby) shows, None while it does not have the product."""
    resposta = requests.get(
        f"{compose.service_url('CATALOGO_REPLICA_PORT')}/api/produtos/{produto_id}", timeout=10
    )
    return float(resposta.json()["data"]["preco"]) if resposta.status_code == 200 else None


def replay_do_standby(acao: str) -> None:
    """Pause or resume the standby's WAL replay: paused, it keeps serving what it had."""
    compose.psql("catalogo-db-replica", "catalogo", f"SELECT pg_wal_replay_{acao}()")


def test_after_the_primary_returns_a_staff_write_is_read_at_once_not_from_the_lagging_standby(
    gateway: str,
) -> None:
    produto = novo_produto(preco="10.00")
    url = f"{gateway}/api/produtos/{produto['id']}"
    headers = staff()
    eventually(lambda: preco_na_replica(produto["id"]) == 10.0, what="the product on the standby")
    # With its replay paused the standby stays behind: a read served from it cannot show the write.
    replay_do_standby("pause")
    try:
        compose.compose("stop", "catalogo-db")
        try:
            do_standby = requests.get(url, headers=SEM_CACHE, timeout=15)
        finally:
            compose.compose("start", "catalogo-db")
        wait_healthy("catalogo-db")

        def escreve() -> list[requests.Response]:
            resposta = requests.put(
                url, json={"preco": "11.00", "versao": produto["versao"]}, headers=headers, timeout=15
            )
            return [resposta] if resposta.status_code == 200 else []

        [escrita] = eventually(escreve, timeout_s=60, interval_s=1, what="writes working again")
        lida = requests.get(url, headers=SEM_CACHE, timeout=15)
        lida_no_standby = preco_na_replica(produto["id"])
    finally:
        replay_do_standby("resume")

    assert (do_standby.status_code, do_standby.json()["data"]["preco"]) == (200, 10.0)
    assert escrita.json()["data"]["preco"] == 11.0
    assert lida_no_standby == 10.0  # the standby really was behind when the write was read
    assert lida.status_code == 200
    assert (lida.json()["data"]["preco"], lida.json()["data"]["versao"]) == (11.0, produto["versao"] + 1)
    eventually(lambda: preco_na_replica(produto["id"]) == 11.0, timeout_s=30, what="the standby caught up")
