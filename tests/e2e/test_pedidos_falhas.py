"""Workers killed in the middle of a stream of checkouts: every order still ends, nothing twice."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
import requests

from tests.e2e.conftest import wait_healthy
from tests.support import compose
from tests.support.api_client import checkout, estoque, novo_produto
from tests.support.eventually import eventually

FINAIS = {"CONFIRMADO", "CANCELADO"}
# Measured: a killed worker's entries are claimed after STREAM_CLAIM_IDLE_MS (10 s) once it is
# back; the whole test (kill, restart, every order final) took 12-14 s here. The bound leaves room.
RECUPERACAO_MAX_S = 90


def status_de(gateway: str, pedido_id: str) -> str:
    return str(requests.get(f"{gateway}/api/pedidos/{pedido_id}", timeout=10).json()["data"]["status"])


@pytest.mark.parametrize("worker", ["pedidos-worker", "catalogo-worker"])
def test_killing_a_worker_mid_stream_leaves_every_order_final_and_stock_exact(
    gateway: str, worker: str
) -> None:
    produto = novo_produto(estoque=15)
    pedidos: list[str] = []

    def comprar() -> None:
        for _ in range(20):
            pedidos.append(checkout([(produto["id"], 1)], espera_s=0).json()["data"]["id"])
            time.sleep(0.05)

    cliente = threading.Thread(target=comprar)
    cliente.start()
    time.sleep(0.4)
    compose.compose("kill", worker)
    cliente.join()
    compose.compose("start", worker)
    wait_healthy(worker)

    eventually(
        lambda: all(status_de(gateway, p) in FINAIS for p in pedidos),
        timeout_s=RECUPERACAO_MAX_S,
        interval_s=1,
        what="every order final",
    )
    status = Counter(status_de(gateway, p) for p in pedidos)
    assert status["CONFIRMADO"] == 15
    assert status["CANCELADO"] == 5
    eventually(lambda: estoque(produto["id"]) == 0, what="stock = initial - confirmed")
    historico = requests.get(
        f"{gateway}/api/produtos/{produto['id']}/estoque/historico?por_pagina=100", timeout=10
    )
    reservas = Counter(m["pedido_id"] for m in historico.json()["data"] if m["motivo"] == "reserva")
    assert all(vezes == 1 for vezes in reservas.values())  # no reservation applied twice
    for pedido_id in pedidos:
        eventos = requests.get(f"{gateway}/api/pedidos/{pedido_id}/eventos", timeout=10).json()["data"]
        tipos = [e["type"] for e in eventos]
        assert len(tipos) == len(set(tipos)), f"{pedido_id} applied an event twice: {tipos}"
