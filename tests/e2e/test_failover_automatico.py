"""Automatic failover (docker-compose.ha.yml): Patroni, etcd and Sentinel pick the new leader, under load."""

from __future__ import annotations

import subprocess

import pytest

from drills.execucao import executar
from drills.exercicios import EXERCICIOS_HA
from drills.papeis import lider, membros
from ferramentas.pilha import Pilha
from tests.support.eventually import eventually
from tests.support.promessas import Promessa, conferir

# Measured on the 2-core machine (docs/FAILOVER.md has the figures). A catalog write was accepted
# again 11.7 s after its leader was killed (TTL 10 s, then HAProxy's checks): bound 15 s, the
# issue's target. Checkouts failed for 13.4 s of a frozen orders leader: bound 20 s.
PROMESSAS = {
    "catalogo-primario": Promessa(escrita_max_s=15.0),
    "catalogo-primario-pausado": Promessa(escrita_max_s=15.0),
    "pedidos-primario": Promessa(("leitura", "carrinho"), {"checkout": 20.0, "checkout-carrinho": 20.0}),
    "pedidos-primario-pausado": Promessa(
        ("leitura", "carrinho"), {"checkout": 20.0, "checkout-carrinho": 20.0}
    ),
    # Nothing fails, and the catalog write tried 15 s after the kills (past the leader key's 10 s
    # TTL) is accepted while etcd is still broken (the invariant "a escrita aceita durante a falha").
    # Its time counts the kills too (each `docker compose kill` 1–2.5 s): 19.5 s and 19.8 s measured.
    "etcd-um": Promessa(),
    "etcd-dois": Promessa(),
    # Sentinel promoted the bus's replica in 3.3–3.5 s; no request failed in three runs.
    "event-bus-mestre": Promessa(),
}


def test_every_failover_drill_has_a_promise() -> None:
    assert set(PROMESSAS) == set(EXERCICIOS_HA)


def test_each_database_cluster_starts_with_one_leader_and_one_synchronous_standby(pilha_ha: Pilha) -> None:
    for cluster in ("catalogo", "pedidos"):
        papeis = sorted(m.papel for m in membros(pilha_ha, cluster).values())
        assert papeis == ["Leader", "Sync Standby"], (cluster, papeis)


@pytest.mark.parametrize("nome", sorted(PROMESSAS))
def test_each_failover_drill_keeps_serving_what_it_promises_and_loses_nothing(
    pilha_ha: Pilha, nome: str
) -> None:
    relatorio = executar(pilha_ha, EXERCICIOS_HA[nome])

    print(relatorio.texto())
    conferir(relatorio, PROMESSAS[nome])


def test_a_person_switches_the_catalog_leader_over_on_purpose_with_patronictl(pilha_ha: Pilha) -> None:
    antes = lider(pilha_ha, "catalogo")
    outro = next(m for m in membros(pilha_ha, "catalogo") if m != antes)

    pilha_ha.compose(
        "exec",
        "-T",
        antes,
        "patronictl",
        "switchover",
        "catalogo",
        "--leader",
        antes,
        "--candidate",
        outro,
        "--force",
    )

    eventually(
        lambda: _lidera(pilha_ha, "catalogo", outro), timeout_s=60, interval_s=1, what=f"{outro} leads"
    )
    assert pilha_ha.sql(outro, "catalogo", "SELECT NOT pg_is_in_recovery()") == "t"


def _lidera(pilha: Pilha, cluster: str, membro: str) -> bool:
    """Whether the member leads the cluster with its PostgreSQL running."""
    try:
        return lider(pilha, cluster) == membro and membros(pilha, cluster)[membro].estado == "running"
    except (RuntimeError, subprocess.CalledProcessError):
        return False  # between leaders
