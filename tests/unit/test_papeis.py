"""The failover drills' reading of Patroni's members: who leads, and whether a former leader is back."""

from __future__ import annotations

from drills.papeis import Membro, aplicar
from drills.topologia import _reingressou


def _membro(nome: str, papel: str, estado: str = "running", tl: int = 2) -> Membro:
    return Membro(nome, papel, estado, tl)


def test_a_role_placeholder_becomes_the_container_that_holds_it() -> None:
    papeis = {"@primario:pedidos": "pedidos-db-replica"}

    assert aplicar(papeis, ("kill", "@primario:pedidos")) == ("kill", "pedidos-db-replica")
    assert aplicar(papeis, ("start", "etcd-1")) == ("start", "etcd-1")


def test_a_former_leader_is_back_when_it_follows_the_new_leader_on_its_timeline() -> None:
    estado = {"a": _membro("a", "Sync Standby"), "b": _membro("b", "Leader")}

    assert _reingressou(estado, "a")


def test_a_former_leader_still_on_the_old_timeline_is_not_back_yet() -> None:
    estado = {"a": _membro("a", "Replica", tl=1), "b": _membro("b", "Leader")}

    assert not _reingressou(estado, "a")


def test_a_former_leader_that_leads_again_or_is_stopped_is_not_a_rejoin() -> None:
    lidera = {"a": _membro("a", "Leader"), "b": _membro("b", "Replica")}
    parado = {"a": _membro("a", "Replica", "stopped"), "b": _membro("b", "Leader")}

    assert not _reingressou(lidera, "a")
    assert not _reingressou(parado, "a")


def test_two_leaders_is_never_a_rejoin() -> None:
    estado = {"a": _membro("a", "Leader"), "b": _membro("b", "Leader")}

    assert not _reingressou(estado, "a")


def test_an_asynchronous_replica_is_not_yet_back_in_a_synchronous_cluster() -> None:
    estado = {"a": _membro("a", "Replica"), "b": _membro("b", "Leader")}

    assert not _reingressou(estado, "a")
