"""scripts/gerar-segredos.sh: an env file production mode accepts, for every secret compose has."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from werkzeug.security import check_password_hash

from confeitaria_shared import segredos

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gerado() -> tuple[dict[str, str], str]:
    """The env file's variables, and the staff password it printed on stderr."""
    resultado = subprocess.run(
        ["bash", "scripts/gerar-segredos.sh"], cwd=REPO, capture_output=True, text=True, check=True
    )
    linhas = [linha for linha in resultado.stdout.splitlines() if linha and not linha.startswith("#")]
    variaveis = dict(linha.split("=", 1) for linha in linhas)
    return variaveis, resultado.stderr.strip().rsplit(": ", 1)[1]


def test_it_sets_production_mode_and_every_secret_either_compose_file_has_a_lab_default_for(
    gerado: tuple[dict[str, str], str],
) -> None:
    variaveis, _ = gerado
    arquivos = ("docker-compose.yml", "docker-compose.ha.yml")
    textos = [(REPO / arquivo).read_text() for arquivo in arquivos]
    com_padrao = {nome for texto in textos for nome in re.findall(r"\$\{([A-Z_]+):-lab-", texto)}

    assert variaveis["CONFEITARIA_MODO"] == "producao"
    assert com_padrao <= set(variaveis)


def test_every_generated_secret_passes_production_mode(gerado: tuple[dict[str, str], str]) -> None:
    variaveis, senha = gerado
    hash_ = variaveis.pop("STAFF_SENHA_HASH").strip("'")
    variaveis.pop("CONFEITARIA_MODO")
    assert variaveis.pop("GATEWAY_BIND") == "0.0.0.0"

    for nome, valor in variaveis.items():
        assert segredos.motivo_da_senha(valor, segredos.MINIMO_SEGREDO_DE_TOKENS) is None, nome
    assert check_password_hash(hash_, senha)
    assert segredos.motivo_do_hash_da_equipe(hash_, producao=True) is None
