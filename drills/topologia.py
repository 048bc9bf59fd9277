"""Invariants of the failover topology: who leads after the drill, and where the old leader went."""

from __future__ import annotations

import time

from ferramentas.pilha import Pilha

from .invariantes import Invariante
from .papeis import MESTRE, PRIMARIO, Membro, membros
from .sentinela import mestre_atual, papel

# A former leader rewinds (pg_rewind) or, failing that, clones the new one before it streams again.
ESPERA_REINGRESSO_S = 90.0


def lideres_mantidos(pilha: Pilha, antes: dict[str, tuple[str, int]]) -> Invariante:
    """No failover happened: every cluster has the leader and the timeline it had before the drill.

    The timeline catches a failover and a switch back, which the leader's name alone would not.
    """
    agora = {cluster: _lider_e_linha(membros(pilha, cluster)) for cluster in antes}
    return Invariante(
        "nenhum failover: cada cluster tem o mesmo líder, na mesma linha do tempo, de antes",
        agora == antes,
        ", ".join(f"{c}: {_texto(antes[c])} → {_texto(agora[c])}" for c in antes),
    )


def voltou_como_replica(pilha: Pilha, papel_do_mestre: str, antigo: str) -> Invariante:
    """The Redis node that was master at the break is a replica now, and the sentinels name another."""
    nome = papel_do_mestre.removeprefix(MESTRE)
    fim = time.monotonic() + ESPERA_REINGRESSO_S
    novo, papel_antigo = "", "?"
    while time.monotonic() < fim:
        novo, papel_antigo = mestre_atual(pilha, nome), papel(pilha, antigo)
        if novo != antigo and papel_antigo == "slave":
            break
        time.sleep(1)
    return Invariante(
        f"o antigo mestre de {nome} volta sozinho como réplica, um só mestre",
        novo != antigo and papel_antigo == "slave",
        f"mestre agora {novo} (antes {antigo}); {antigo}: {papel_antigo}",
    )


def voltou_como_standby(pilha: Pilha, papel: str, antigo: str) -> Invariante:
    """The member that held the role at the break leads no more and follows the new leader in sync."""
    cluster = papel.removeprefix(PRIMARIO)
    fim = time.monotonic() + ESPERA_REINGRESSO_S
    estado: dict[str, Membro] = {}
    while time.monotonic() < fim:
        estado = membros(pilha, cluster)
        if _reingressou(estado, antigo):
            break
        time.sleep(1)
    novo = _lider_ou_nada(estado)
    ok = _reingressou(estado, antigo)
    papel_antigo = estado[antigo].papel if antigo in estado else "ausente"
    return Invariante(
        f"o antigo primário de {cluster} volta sozinho como standby, um só líder",
        ok,
        f"líder agora {novo or 'nenhum'} (antes {antigo}); {antigo}: {papel_antigo}",
    )


def _lider_e_linha(estado: dict[str, Membro]) -> tuple[str, int] | None:
    nome = _lider_ou_nada(estado)
    return None if nome is None else (nome, estado[nome].linha_do_tempo)


def _texto(lider: tuple[str, int] | None) -> str:
    return "sem líder" if lider is None else f"{lider[0]} (linha {lider[1]})"


def _lider_ou_nada(estado: dict[str, Membro]) -> str | None:
    lideres = [m.nome for m in estado.values() if m.lider]
    return lideres[0] if len(lideres) == 1 else None


def _reingressou(estado: dict[str, Membro], antigo: str) -> bool:
    novo = _lider_ou_nada(estado)
    membro = estado.get(antigo)
    return (
        novo is not None
        and novo != antigo
        and membro is not None
        and membro.standby_em_dia
        and membro.linha_do_tempo == estado[novo].linha_do_tempo
    )
