"""The cart's circuit breaker on the catalog: it opens after failures, then closes once the catalog heals."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import requests

from tests.support import compose
from tests.support.api_client import adicionar, nova_sessao, novo_produto, staff
from tests.support.eventually import eventually

CATALOGOS = {"catalogo": "CATALOGO_PORT", "catalogo-replica": "CATALOGO_REPLICA_PORT"}


def falhar_catalogos(gateway: str, ligar: bool) -> None:
    """Make both catalog apps answer every request with a 503 (fault toggles), or stop it."""
    for servico in CATALOGOS:
        url = f"{gateway}/api/falhas/{servico}"
        if ligar:
            resposta = requests.put(url, json={"taxa_erro": 1}, headers=staff(), timeout=10)
        else:
            resposta = requests.delete(url, headers=staff(), timeout=10)
        assert resposta.status_code == 200, resposta.text
    if ligar:
        # Each app reads its toggles through a one-second cache: start only once both fail.
        for porta in CATALOGOS.values():
            url = f"{compose.service_url(porta)}/api/produtos/{produto_inexistente()}"
            eventually(
                lambda url=url: requests.get(url, timeout=5).status_code == 503,
                timeout_s=10,
                what=f"{porta} failing",
            )


def produto_inexistente() -> int:
    """An id no product has, and that nobody asked the catalog about before."""
    return random.randint(1_000_000_000, 2_000_000_000)


def agora() -> str:
    return datetime.now(UTC).isoformat()


def perguntados_ao_catalogo(desde: str, produto_ids: list[int]) -> set[int]:
    """Which of these product ids either catalog app was asked about since `desde`."""
    # A marker asked of each app after the others: once both are in the log, so is all before them.
    marcas = {servico: produto_inexistente() for servico in CATALOGOS}
    for servico, marca in marcas.items():
        requests.get(f"{compose.service_url(CATALOGOS[servico])}/api/produtos/{marca}", timeout=10)

    def log_com_as_marcas() -> str:
        log = compose.compose("logs", "--no-color", "--since", desde, *CATALOGOS, check=False).stdout
        return log if all(f'"/api/produtos/{marca}"' in log for marca in marcas.values()) else ""

    completo = eventually(log_com_as_marcas, what="the markers in the catalog logs")
    return {produto_id for produto_id in produto_ids if f'"/api/produtos/{produto_id}"' in completo}


def test_the_breaker_opens_after_catalog_failures_fails_fast_and_closes_after_the_catalog_heals(
    gateway: str,
) -> None:
    session_id = nova_sessao()
    inicio = agora()
    falhar_catalogos(gateway, ligar=True)
    try:
        # Closed, the breaker lets calls through: the catalog is asked, fails, and the add is a 503.
        primeiro = produto_inexistente()
        eventually(
            lambda: adicionar(session_id, primeiro, 1).status_code == 503,
            timeout_s=10,
            what="a failing catalog",
        )
        assert perguntados_ao_catalogo(inicio, [primeiro]) == {primeiro}

        # Open (in each cart process, after 5 failures in a row) it answers 503 without asking.
        def um_lote_falha_sem_perguntar() -> bool:
            desde = agora()
            lote = [produto_inexistente() for _ in range(10)]
            respostas = [adicionar(session_id, produto_id, 1) for produto_id in lote]
            assert {(r.status_code, r.json()["error"]["code"]) for r in respostas} == {
                (503, "CATALOGO_INDISPONIVEL")
            }
            return not perguntados_ao_catalogo(desde, lote)

        eventually(um_lote_falha_sem_perguntar, timeout_s=60, interval_s=0, what="a batch failing fast")
    finally:
        falhar_catalogos(gateway, ligar=False)

    # Healed, the catalog answers again; after the reset timeout (10 s) a trial call closes the
    # breaker, and an unknown product is a 404 from the catalog instead of a 503.
    eventually(
        lambda: adicionar(session_id, produto_inexistente(), 1).status_code == 404,
        timeout_s=40,
        interval_s=0.5,
        what="the catalog asked again",
    )
    # A product the cart has no copy of (lost, as with a Redis restarted without its data) is
    # fetched from the catalog again, and added.
    produto = novo_produto()

    def aceito_pelo_catalogo() -> bool:
        chave = f"carrinho:produto:{produto['id']}"
        compose.compose("exec", "-T", "carrinho-redis", "redis-admin", "DEL", chave)
        desde = agora()
        resposta = adicionar(session_id, produto["id"], 1)
        return resposta.status_code == 200 and bool(perguntados_ao_catalogo(desde, [produto["id"]]))

    eventually(aceito_pelo_catalogo, timeout_s=40, interval_s=0.5, what="an add checked with the catalog")
