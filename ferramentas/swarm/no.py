"""The node labels that pin the stack's stores (its placement constraints) on this node."""

from __future__ import annotations

import re

import yaml

from ferramentas.docker import docker

from .gerador import PILHA

RESTRICAO = re.compile(r"node\.labels\.(\S+) == true")


def rotulos_da_pilha() -> list[str]:
    """Every node label a placement constraint of the stack asks for."""
    with PILHA.open(encoding="utf-8") as arquivo:
        servicos = yaml.safe_load(arquivo)["services"]
    rotulos = []
    for servico in servicos.values():
        for restricao in servico.get("deploy", {}).get("placement", {}).get("constraints", []):
            achado = RESTRICAO.fullmatch(restricao)
            if achado and achado.group(1) not in rotulos:
                rotulos.append(achado.group(1))
    return rotulos


def este_no() -> str:
    """The local engine's node id in its swarm ('' when it is in none)."""
    return docker("info", "--format", "{{.Swarm.NodeID}}").strip()


def rotulos_do_no(no: str) -> set[str]:
    """The labels a node has now."""
    saida = docker("node", "inspect", "--format", "{{range $k, $v := .Spec.Labels}}{{$k}} {{end}}", no)
    return set(saida.split())


def rotular_este_no() -> list[str]:
    """Give this node every label of the stack's stores (a one-node swarm holds them all); those added.

    With more nodes, where each store lives is the operator's choice (deploy/README.md): none added.
    """
    if len(docker("node", "ls", "-q").split()) > 1:
        return []
    no = este_no()
    faltam = [rotulo for rotulo in rotulos_da_pilha() if rotulo not in rotulos_do_no(no)]
    if faltam:
        docker("node", "update", *(a for r in faltam for a in ("--label-add", f"{r}=true")), no)
    return faltam


def tirar_rotulos(rotulos: list[str]) -> None:
    """Remove these labels from this node."""
    if rotulos:
        docker("node", "update", *(a for r in rotulos for a in ("--label-rm", r)), este_no())
