"""Invariants of the failover topology: who leads after the drill, and where the old leader went."""

from __future__ import annotations

import time

from ferramentas.pilha import Pilha

from .invariantes import Invariante
from .papeis import PRIMARIO, Membro, membros

# A former leader rewinds (pg_rewind) or, failing that, clones the new one before it streams again.
ESPERA_REINGRESSO_S = 90.0


def lideres_mantidos(pilha: Pilha, antes: dict[str, str]) -> Invariante:
    """No failover happened: every cluster is led by the member that led it before the drill."""
    agora = {cluster: _lider_ou_nada(membros(pilha, cluster)) for cluster in antes}
    return Invariante(
        "nenhum failover: cada cluster tem o mesmo líder de antes",
        agora == antes,
        ", ".join(f"{c}: {antes[c]} → {agora[c] or 'sem líder'}" for c in antes),
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
