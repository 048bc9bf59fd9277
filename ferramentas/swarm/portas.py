"""Compose's published ports as Swarm's ingress can publish them."""

from __future__ import annotations

from .variaveis import Variavel, partes

LOOPBACK = "127.0.0.1"


def portas_da_pilha(portas: list[str]) -> list[dict[str, str | int]]:
    """`[ip:]published:target` ports as the stack publishes them: on the node itself (mode host).

    Not through the ingress routing mesh: it hides every client behind one address (the gateway's
    per-client rate limits would count everybody together) and needs the kernel's IPVS, which some
    machines (this project's CI) lack. Swarm binds either way on every interface: a port compose
    keeps on 127.0.0.1 (this machine's eyes only) is not published at all, and one whose address is
    the operator's choice (GATEWAY_BIND, the front door) is published without it.
    """
    resultado = []
    for porta in portas:
        campos = _campos(str(porta))
        if len(campos) == 3 and campos[0] == LOOPBACK:
            continue
        if len(campos) == 3 and not _e_variavel(campos[0]):
            raise ValueError(f"port {porta!r}: Swarm cannot bind a port to one address")
        if len(campos) < 2:
            raise ValueError(f"port {porta!r}: give the published port too")
        alvo, publicada = (int(c) if c.isdigit() else c for c in campos[-2:][::-1])
        resultado.append({"target": alvo, "published": publicada, "protocol": "tcp", "mode": "host"})
    return resultado


def _campos(porta: str) -> list[str]:
    """The port's fields split on the colons outside variable references."""
    campos, atual = [], ""
    for parte in partes(porta):
        if isinstance(parte, Variavel):
            atual += str(parte)
            continue
        pedacos = parte.split(":")
        atual += pedacos[0]
        for pedaco in pedacos[1:]:
            campos.append(atual)
            atual = pedaco
    campos.append(atual)
    return campos


def _e_variavel(campo: str) -> bool:
    pedacos = partes(campo)
    return len(pedacos) == 1 and isinstance(pedacos[0], Variavel)
