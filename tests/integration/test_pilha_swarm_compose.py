"""Compose and the Swarm stack, each resolved by `docker compose config`, describe the same topology."""

from __future__ import annotations

import json
import os
import re
import subprocess
from typing import Any

import pytest

from ferramentas.swarm import gerador

SEGREDO = "<segredo>"
# What the stack sets on purpose where compose has something else (deploy/swarm.yml says why).
DIFERENCAS_DECLARADAS = {"CONFEITARIA_MODO", "GATEWAY_UPSTREAMS"}
SENHA_NA_URL = re.compile(r"^(\w[\w+.-]*://[^:/@]*):([^@]*)@")


def _configuracao(arquivo: str) -> dict[str, Any]:
    """The file as `docker compose config` resolves it with no variable set (every default)."""
    ambiente = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root")}
    saida = subprocess.run(
        ["docker", "compose", "-f", arquivo, "config", "--format", "json"],
        cwd=gerador.REPO,
        env=ambiente,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    servicos: dict[str, Any] = json.loads(saida)["services"]
    return servicos


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return _configuracao("docker-compose.yml")


@pytest.fixture(scope="module")
def pilha() -> dict[str, Any]:
    return _configuracao(str(gerador.PILHA.relative_to(gerador.REPO)))


def _compose_sem_segredos(ambiente: dict[str, str]) -> dict[str, str]:
    """Compose's environment with every lab secret, whole or a URL's password, as one placeholder."""
    resultado = {}
    for nome, valor in ambiente.items():
        senha = SENHA_NA_URL.match(valor)
        if valor.startswith("lab-") or valor.startswith("pbkdf2:"):
            resultado[nome] = SEGREDO
        elif senha and senha.group(2).startswith("lab-"):
            resultado[nome] = SENHA_NA_URL.sub(rf"\1:{SEGREDO}@", valor)
        else:
            resultado[nome] = valor
    return resultado


def _pilha_sem_segredos(ambiente: dict[str, str], montados: set[str]) -> dict[str, str]:
    """The stack's environment with each secret file (NAME_FILE, a URL's password file) as the placeholder."""
    resultado = {}
    for nome, valor in ambiente.items():
        if nome.endswith("_FILE"):
            assert valor.removeprefix("/run/secrets/") in montados, f"{nome}={valor} is not a mounted secret"
            if not nome.endswith("_URL_PASSWORD_FILE"):
                resultado[nome.removesuffix("_FILE")] = SEGREDO
        elif f"{nome}_PASSWORD_FILE" in ambiente:
            resultado[nome] = valor.replace("@", f":{SEGREDO}@", 1)
        else:
            resultado[nome] = valor
    return resultado


def _sem(ambiente: dict[str, str], nomes: set[str]) -> dict[str, str]:
    return {nome: valor for nome, valor in ambiente.items() if nome not in nomes}


def test_both_topologies_have_the_same_services_images_commands_and_healthchecks(
    compose: dict[str, Any], pilha: dict[str, Any]
) -> None:
    esperados = {nome: s for nome, s in compose.items() if not s.get("profiles")}

    assert set(pilha) == set(esperados)
    for nome, servico in esperados.items():
        for chave in ("image", "command", "entrypoint", "healthcheck", "stop_grace_period"):
            assert pilha[nome].get(chave) == servico.get(chave), f"{nome}.{chave}"


def test_both_topologies_have_the_same_environment_but_for_secrets_which_the_stack_mounts_as_files(
    compose: dict[str, Any], pilha: dict[str, Any]
) -> None:
    for nome, servico in pilha.items():
        montados = {segredo["source"] for segredo in servico.get("secrets", [])}
        da_pilha = _pilha_sem_segredos(servico.get("environment", {}), montados)
        do_compose = _compose_sem_segredos(compose[nome].get("environment", {}))

        assert _sem(da_pilha, DIFERENCAS_DECLARADAS) == _sem(do_compose, DIFERENCAS_DECLARADAS), nome
        if "CONFEITARIA_MODO" in do_compose:
            assert da_pilha["CONFEITARIA_MODO"] == "producao", nome


def test_the_stack_keeps_the_data_of_each_store_on_the_same_named_volume(
    compose: dict[str, Any], pilha: dict[str, Any]
) -> None:
    for nome, servico in pilha.items():
        assert servico.get("volumes") == compose[nome].get("volumes"), nome
