"""Who leads now: the drills of automatic failover name a role (`@primario:pedidos`), not a container.

Resolved once, when the drill breaks the part, so that its restore starts the same container it
broke (by then a standby, or the new master's replica).
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass

from ferramentas.pilha import Pilha, nos_do_banco

from .exercicios import Comando

PRIMARIO = "@primario:"
MESTRE = "@mestre:"


@dataclass(frozen=True)
class Membro:
    """One member of a Patroni cluster as `patronictl list` shows it."""

    nome: str
    papel: str
    estado: str
    linha_do_tempo: int

    @property
    def lider(self) -> bool:
        """Whether it holds the leader key."""
        return self.papel == "Leader"

    @property
    def standby_em_dia(self) -> bool:
        """Whether it follows the leader as its synchronous standby (both clusters are synchronous)."""
        return self.papel == "Sync Standby" and self.estado in ("running", "streaming")


def membros(pilha: Pilha, cluster: str) -> dict[str, Membro]:
    """The members of a Patroni cluster, asked of whichever member answers."""
    for no in nos_do_banco(cluster):
        try:
            saida = pilha.compose("exec", "-T", no, "patronictl", "list", "-f", "json", timeout=30).stdout
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            continue  # that member is down or frozen: ask the other
        return {
            m["Member"]: Membro(m["Member"], m["Role"], m["State"], int(m.get("TL") or 0))
            for m in json.loads(saida)
        }
    raise RuntimeError(f"no member of {cluster} answers patronictl")


def lider(pilha: Pilha, cluster: str) -> str:
    """The member that leads the cluster now."""
    lideres = [m.nome for m in membros(pilha, cluster).values() if m.lider]
    if len(lideres) != 1:
        raise RuntimeError(f"{cluster}: {len(lideres)} leaders")
    return lideres[0]


def lider_e_linha(pilha: Pilha, cluster: str) -> tuple[str, int]:
    """The member that leads the cluster now, and its timeline (a failover and back raises it)."""
    nome = lider(pilha, cluster)
    return nome, membros(pilha, cluster)[nome].linha_do_tempo


def mestre(pilha: Pilha, nome: str) -> str:
    """The Redis node Sentinel names master of `nome` (barramento, carrinho)."""
    from .sentinela import mestre_atual  # the Sentinel half of the failover topology

    return mestre_atual(pilha, nome)


def resolver(pilha: Pilha, nomes: tuple[str, ...]) -> dict[str, str]:
    """Each role placeholder among the names, mapped to the container that holds it now."""
    papeis: dict[str, str] = {}
    for nome in nomes:
        if nome.startswith(PRIMARIO):
            papeis[nome] = lider(pilha, nome.removeprefix(PRIMARIO))
        elif nome.startswith(MESTRE):
            papeis[nome] = mestre(pilha, nome.removeprefix(MESTRE))
    return papeis


def aplicar(papeis: dict[str, str], comando: Comando) -> Comando:
    """The command with each role placeholder replaced by its container."""
    return tuple(papeis.get(parte, parte) for parte in comando)
