"""The event store under load and failure: every event once, a bounded stream, replay with proof."""

from __future__ import annotations

import json
import uuid

import requests

from tests.e2e.conftest import wait_healthy
from tests.support import compose
from tests.support.api_client import checkout, novo_produto, staff
from tests.support.eventually import eventually
from tests.support.publicador import publicar

QUANTIDADE = 10_000


def armazenados(lote: str) -> int:
    """Rows stored for one synthetic batch (event_id is a unique key: each event is one row at most)."""
    return int(
        compose.psql("events-db", "events", f"SELECT count(*) FROM eventos WHERE agregado_id LIKE '{lote}-%'")
    )


def tipo_unico(prefixo: str) -> str:
    """An event type of letters only that no other run used, so its live count is this run's alone."""
    return prefixo + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:12])


def test_ten_thousand_events_are_stored_exactly_once_even_when_the_worker_is_killed_midway(
    stack: None,
) -> None:
    lote, tipo = uuid.uuid4().hex[:12], tipo_unico("CargaDeTeste")
    publicador = publicar(tipo, lote, QUANTIDADE, por_segundo=2000)
    eventually(lambda: armazenados(lote) >= 1000, timeout_s=60, interval_s=0.2, what="1,000 stored")
    compose.compose("kill", "events-worker")
    no_meio = armazenados(lote)
    compose.compose("start", "events-worker")
    assert publicador.wait(timeout=120) == 0, publicador.stderr.read() if publicador.stderr else ""
    wait_healthy("events-worker")

    eventually(lambda: armazenados(lote) >= QUANTIDADE, timeout_s=120, interval_s=1, what="all stored")
    assert no_meio < QUANTIDADE  # the worker really died in the middle
    assert armazenados(lote) == QUANTIDADE  # none lost (none can be stored twice: event_id is unique)
    por_tipo = compose.psql(
        "events-db", "events", f"SELECT quantidade FROM eventos_por_tipo WHERE tipo = '{tipo}'"
    )
    # The live count is no unique key: it did not count an event redelivered after the kill twice.
    assert por_tipo == str(QUANTIDADE)


def test_the_stream_is_trimmed_to_what_some_group_still_needs(gateway: str) -> None:
    lote = uuid.uuid4().hex[:12]
    assert publicar("CargaDeTeste", lote, 500).wait(timeout=60) == 0
    eventually(lambda: armazenados(lote) == 500, timeout_s=60, what="the batch stored")

    def saude() -> dict:
        return requests.get(f"{gateway}/api/eventos/stats", headers=staff(), timeout=10).json()["data"]

    # Every group has read and acknowledged everything: the trim (every 3 s here) empties the stream.
    eventually(lambda: saude()["comprimento"] <= sum(g["pendentes"] for g in saude()["grupos"]), timeout_s=30)
    assert saude()["ultimo_id"] is not None


def replay(*args: str) -> tuple[int, dict]:
    resultado = compose.compose("exec", "-T", "events", "python", "-m", "events.replay", *args, check=False)
    return resultado.returncode, json.loads(resultado.stdout)


def test_replay_proves_the_rebuilt_models_equal_the_live_ones_and_repairs_a_damaged_projection(
    gateway: str,
) -> None:
    produto = novo_produto(estoque=5)
    pedido = checkout([(produto["id"], 1)], espera_s=5).json()["data"]
    eventually(lambda: replay()[0] == 0, timeout_s=30, interval_s=1, what="replay equal to the live models")
    codigo, prova = replay()
    modelos = {p["modelo"]: p for p in prova["provas"]}
    assert codigo == 0 and prova["iguais"] is True
    assert set(modelos) == {"pedidos_projetados", "eventos_por_tipo", "pedidos"}
    assert modelos["pedidos"]["linhas_reconstruidas"] == modelos["pedidos"]["linhas_vivas"] >= 1
    assert modelos["pedidos"]["digest_reconstruido"] == modelos["pedidos"]["digest_vivo"]

    compose.psql(
        "events-db",
        "events",
        f"UPDATE pedidos_projetados SET status = 'PENDENTE' WHERE pedido_id = '{pedido['id']}'",
    )
    codigo, prova = replay()
    danificado = next(p for p in prova["provas"] if p["modelo"] == "pedidos_projetados")
    assert codigo == 1
    assert [d["chave"] for d in danificado["diferencas"]] == [pedido["id"]]

    codigo, _ = replay("--aplicar")
    assert replay()[0] == 0
    status = compose.psql(
        "events-db", "events", f"SELECT status FROM pedidos_projetados WHERE pedido_id = '{pedido['id']}'"
    )
    assert status == "CONFIRMADO"
