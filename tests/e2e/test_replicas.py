"""Scaling out with compose: every app and worker takes --scale, and the gateway balances over them."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from drills.replicas import atendidas, executar_replicas
from ferramentas.pilha import Pilha
from tests.support import api_client, compose

# Measured on the 2-core machine: a request sent to the paused replica before the gateway left it
# out waited its 3 s read timeout (3.0 s), then went to another replica; every other phase's
# slowest read took under 0.5 s.
MAIOR_LATENCIA_COM_UMA_PAUSADA_S = 5.0
APPS = ("catalogo", "carrinho", "pedidos", "events")
# How the apps' metrics label a request no route matched.
NENHUMA_ROTA = ("sem_rota",)
WORKERS = ("catalogo-worker", "carrinho-worker", "pedidos-worker", "events-worker")


@pytest.fixture(scope="module")
def pilha(stack: None) -> Pilha:
    """The test stack, for the drills' tools."""
    return Pilha(compose.gateway_url(), compose.PROJECT, compose.compose_env())


@pytest.fixture(scope="module")
def tudo_em_dobro(pilha: Pilha) -> Iterator[Pilha]:
    """Every app and worker at two replicas for this module's tests, and back to one afterwards."""
    try:
        pilha.escalar_todos(dict.fromkeys((*APPS, *WORKERS), 2))
        yield pilha
    finally:
        pilha.escalar_todos(dict.fromkeys((*APPS, *WORKERS), 1))


def test_the_replica_drill_loses_no_read_and_every_running_replica_serves(pilha: Pilha) -> None:
    relatorio = executar_replicas(pilha)

    print(relatorio.texto())
    assert relatorio.ok, relatorio.texto()
    pausada = next(f for f in relatorio.fases if "pausada" in f.nome)
    assert pausada.maior_latencia_s < MAIOR_LATENCIA_COM_UMA_PAUSADA_S, relatorio.texto()
    assert [len(f.por_replica) for f in relatorio.fases] == [3, 2, 1, 5, 2]


def test_each_service_port_balances_over_every_replica_of_its_service(tudo_em_dobro: Pilha) -> None:
    for servico, porta in (
        ("carrinho", "CARRINHO_PORT"),
        ("pedidos", "PEDIDOS_PORT"),
        ("events", "EVENTS_PORT"),
    ):
        replicas = tudo_em_dobro.replicas(servico)
        antes = {nome: atendidas(nome, NENHUMA_ROTA) for nome in replicas}
        for vez in range(20):
            resposta = requests.get(f"{compose.service_url(porta)}/nao-existe/{vez}", timeout=10)
            assert resposta.status_code == 404

        # Nobody else asks for a path no route has: each replica counted the requests it was sent.
        depois = {nome: atendidas(nome, NENHUMA_ROTA) for nome in replicas}
        assert len(replicas) == 2
        assert all(depois[nome] > antes[nome] for nome in replicas), (servico, antes, depois)
        assert sum(depois.values()) - sum(antes.values()) == 20


def test_twelve_checkouts_for_three_units_confirm_exactly_three_with_everything_at_two_replicas(
    tudo_em_dobro: Pilha,
) -> None:
    produto = api_client.novo_produto(estoque=3)

    with ThreadPoolExecutor(max_workers=12) as pool:
        respostas = list(
            pool.map(lambda _: api_client.checkout([(produto["id"], 1)], espera_s=30), range(12))
        )

    pedidos = [r.json()["data"] for r in respostas]
    assert sorted(p["status"] for p in pedidos) == ["CANCELADO"] * 9 + ["CONFIRMADO"] * 3
    assert api_client.estoque(produto["id"]) == 0


def test_a_stock_change_slower_than_the_read_timeout_is_applied_once_with_two_catalog_apps(
    tudo_em_dobro: Pilha,
) -> None:
    produto = api_client.novo_produto(estoque=10)
    # The product's row locked for 5 s: the change waits past the catalog's 3 s read timeout, after
    # which Nginx would send a PUT to the other app (it counts PUT as safe to repeat).
    trava = threading.Thread(
        target=compose.compose,
        args=(
            "exec",
            "-T",
            "catalogo-db",
            "psql",
            "-U",
            "confeitaria",
            "-d",
            "catalogo",
            "-c",
            f"BEGIN; SELECT id FROM produtos WHERE id = {produto['id']} FOR UPDATE; "
            "SELECT pg_sleep(5); COMMIT;",
        ),
    )
    trava.start()
    time.sleep(1)

    resposta = requests.put(
        f"{compose.gateway_url()}/api/produtos/{produto['id']}/estoque",
        json={"quantidade": 1, "operacao": "remover"},
        headers=api_client.staff(),
        timeout=30,
    )
    trava.join()

    assert resposta.status_code == 200, resposta.text
    assert api_client.estoque(produto["id"]) == 9
    movimentos = requests.get(
        f"{compose.gateway_url()}/api/produtos/{produto['id']}/estoque/historico",
        headers={"Cache-Control": "no-cache"},
        timeout=10,
    ).json()["data"]
    assert [m["delta"] for m in sorted(movimentos, key=lambda m: m["id"])] == [10, -1]
