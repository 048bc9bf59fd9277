"""Who leads a Redis group under Sentinel now, as the sentinels say (docker-compose.ha.yml)."""

from __future__ import annotations

import subprocess

from ferramentas.pilha import Pilha

SENTINELAS = ("sentinel-1", "sentinel-2", "sentinel-3")


def mestre_atual(pilha: Pilha, nome: str) -> str:
    """The service name of group `nome`'s master (`barramento`, `carrinho`), asked of the first sentinel up.

    The data nodes announce their compose service names (REDIS_ANUNCIO), so the sentinels' answer
    is the name `docker compose kill` takes.
    """
    for sentinela in SENTINELAS:
        try:
            saida = pilha.compose(
                "exec", "-T", sentinela, "redis-sentinela", "SENTINEL", "get-master-addr-by-name", nome
            ).stdout.split()
        except subprocess.CalledProcessError:
            continue  # that sentinel is down: ask the next
        if saida:
            return saida[0]
    raise RuntimeError(f"no sentinel of {SENTINELAS} names a master for {nome!r}")


def papel(pilha: Pilha, servico: str) -> str:
    """`master` or `slave`: what a data node says it is (ROLE, as its admin); `?` while it is not up yet."""
    try:
        resposta = pilha.redis(servico, "ROLE")
    except subprocess.CalledProcessError:
        return "?"  # a node just started refuses connections until it has loaded its data
    return str(resposta[0]) if isinstance(resposta, list) and resposta else "?"
