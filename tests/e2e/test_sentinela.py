"""Redis under Sentinel (docker-compose.ha.yml): a lost master is replaced in seconds and nobody restarts.

Uses `pilha_ha`, the running failover-topology test stack (tests/e2e/conftest.py).
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
import requests

from drills.sentinela import mestre_atual, papel
from ferramentas.pilha import Pilha, corpo_de_pedido
from tests.support.eventually import eventually

pytestmark = pytest.mark.e2e

# Every process that holds a client of the bus or of the cart's Redis: none may need a restart.
CLIENTES = (
    "catalogo",
    "catalogo-worker",
    "carrinho",
    "carrinho-worker",
    "pedidos",
    "pedidos-worker",
    "events",
    "events-worker",
)
GRUPOS = {
    "barramento": ("event-bus", "event-bus-replica"),
    "carrinho": ("carrinho-redis", "carrinho-redis-replica"),
}
# Sentinel: 2 s without an answer, then a vote and the promotion (about 3.5 s measured).
PRAZO_DO_FAILOVER_S = 15.0


def _inicios(pilha: Pilha) -> dict[str, str]:
    """When each client container last started."""
    linhas = pilha.inspecionar("{{.Name}} {{.State.StartedAt}}", *CLIENTES)
    return dict(linha.split(" ", 1) for linha in linhas)


def _promover_matando_o_mestre(pilha: Pilha, grupo: str) -> tuple[str, float]:
    """Kill the group's master; return it and the seconds until the sentinels name the other node."""
    mestre = mestre_atual(pilha, grupo)
    (outro,) = (no for no in GRUPOS[grupo] if no != mestre)
    pilha.compose("kill", mestre)
    inicio = time.monotonic()
    eventually(lambda: mestre_atual(pilha, grupo) == outro, PRAZO_DO_FAILOVER_S, 0.2, f"{outro} promoted")
    return mestre, time.monotonic() - inicio


def _volta_como_replica(pilha: Pilha, no: str) -> None:
    pilha.compose("start", no)
    eventually(lambda: papel(pilha, no) == "slave", 60.0, 1.0, f"{no} back as a replica")


def _checkout(pilha: Pilha, produto_id: int) -> dict[str, Any]:
    headers = {"Idempotency-Key": uuid.uuid4().hex, "Prefer": "wait=20"}
    corpo = corpo_de_pedido(produto_id, "sentinela@example.com")
    resposta = requests.post(f"{pilha.gateway}/api/pedidos", json=corpo, headers=headers, timeout=60)
    assert resposta.status_code in (200, 202), resposta.text
    return dict(resposta.json()["data"])


def test_the_apps_follow_a_new_bus_master_without_a_restart(pilha_ha: Pilha) -> None:
    produto_id = pilha_ha.criar_produto("teste do sentinela", 5)
    antes = _inicios(pilha_ha)

    mestre, segundos = _promover_matando_o_mestre(pilha_ha, "barramento")
    try:
        # The saga crosses the bus four times (reservation, payment, confirmation): all on the new master.
        pedido = _checkout(pilha_ha, produto_id)
    finally:
        _volta_como_replica(pilha_ha, mestre)

    assert pedido["status"] == "CONFIRMADO", pedido
    assert segundos < PRAZO_DO_FAILOVER_S
    assert _inicios(pilha_ha) == antes


def test_a_cart_survives_its_redis_failover_and_the_cart_follows_it(pilha_ha: Pilha) -> None:
    produto_id = pilha_ha.criar_produto("teste do sentinela", 5)
    sessao = requests.post(f"{pilha_ha.gateway}/api/carrinho/sessao", timeout=10).json()["data"]["session_id"]
    item = {"produto_id": produto_id, "quantidade": 2}
    adicionado = requests.post(f"{pilha_ha.gateway}/api/carrinho/{sessao}/adicionar", json=item, timeout=10)
    assert adicionado.status_code == 200, adicionado.text
    # Replication is asynchronous: the add is safe from the kill once the replica has it.
    assert pilha_ha.redis(mestre_atual(pilha_ha, "carrinho"), "WAIT", "1", "2000") == 1

    mestre, _ = _promover_matando_o_mestre(pilha_ha, "carrinho")
    try:

        def carrinho() -> dict[str, Any] | None:
            resposta = requests.get(f"{pilha_ha.gateway}/api/carrinho/{sessao}", timeout=10)
            return dict(resposta.json()["data"]) if resposta.status_code == 200 else None

        visto = eventually(carrinho, PRAZO_DO_FAILOVER_S, 0.5, "the cart answering again")
    finally:
        _volta_como_replica(pilha_ha, mestre)

    assert [(i["produto_id"], i["quantidade"]) for i in visto["itens"]] == [(produto_id, 2)]
