"""The stack's Docker secrets: created with random values (scripts/gerar-segredos.sh's), or removed."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass

import yaml

from ferramentas.docker import docker

from .gerador import PILHA, REPO

ROTULO = "confeitaria.segredos"


@dataclass(frozen=True)
class Criados:
    """The secrets created, and the staff password when its hash was one of them."""

    nomes: list[str]
    senha_da_equipe: str | None


def necessarios() -> list[str]:
    """The stack's secrets, as it names them (a compose variable in lower case)."""
    with PILHA.open(encoding="utf-8") as arquivo:
        return list(yaml.safe_load(arquivo)["secrets"])


def valores_aleatorios() -> tuple[dict[str, str], str]:
    """A random value for every secret variable of compose, and the staff password behind its hash.

    scripts/gerar-segredos.sh already knows which variables are secrets and how production mode
    wants them (and hashes the staff password): its env file is read here, not written anywhere.
    """
    saida = subprocess.run(
        ["bash", "scripts/gerar-segredos.sh"], cwd=REPO, capture_output=True, text=True, check=True
    )
    linhas = [linha for linha in saida.stdout.splitlines() if linha and not linha.startswith("#")]
    valores = {nome: valor.strip("'") for nome, _, valor in (linha.partition("=") for linha in linhas)}
    return valores, saida.stderr.strip().rsplit(": ", 1)[1]


def existentes() -> set[str]:
    """The names of the swarm's secrets."""
    saida = docker("secret", "ls", "--format", "{{.Name}}")
    return set(saida.split())


def criar(prefixo: str) -> Criados:
    """Create each of the stack's secrets missing from the swarm as `<prefixo>_<name>`."""
    valores, senha = valores_aleatorios()
    ja_ha, criados = existentes(), []
    for segredo in necessarios():
        nome = f"{prefixo}_{segredo}"
        if nome in ja_ha:
            continue
        docker(
            "secret", "create", "--label", f"{ROTULO}={prefixo}", nome, "-", entrada=valores[segredo.upper()]
        )
        criados.append(nome)
    return Criados(criados, senha if f"{prefixo}_staff_senha_hash" in criados else None)


def remover(prefixo: str) -> list[str]:
    """Remove the secrets `criar` made with this prefix (no service may be using them)."""
    nomes = docker("secret", "ls", "--filter", f"label={ROTULO}={prefixo}", "--format", "{{.Name}}").split()
    if nomes:
        docker("secret", "rm", *nomes)
    return nomes
