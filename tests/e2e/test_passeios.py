"""The README's and the Portuguese guide's curl tours, run as written against the test stack, twice."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support import compose
from tests.support.passeios import Bloco, blocos, chamadas_curl, problema, respostas, roteiro

# Tours run first, on the stack as fresh as a new user's (tests/e2e/conftest.py orders them).
pytestmark = [pytest.mark.pilha_nova, pytest.mark.timeout(900)]

DOCUMENTOS = ("README.md", "docs/GUIA_EXECUCAO.md")

# The doc's ports (the user's stack) and the test stack's.
PORTAS = {
    8080: int(compose.TEST_PORTS["GATEWAY_PORT"]),
    5001: int(compose.TEST_PORTS["CATALOGO_PORT"]),
    5011: int(compose.TEST_PORTS["CATALOGO_REPLICA_PORT"]),
    5002: int(compose.TEST_PORTS["CARRINHO_PORT"]),
    5003: int(compose.TEST_PORTS["PEDIDOS_PORT"]),
    5004: int(compose.TEST_PORTS["EVENTS_PORT"]),
}


def blocos_com_curl(documento: str) -> list[Bloco]:
    """The doc's bash blocks that call the API (a block of make targets alone is not a tour)."""
    texto = (compose.REPO_ROOT / documento).read_text(encoding="utf-8")
    return [b for b in blocos(texto, "bash") if chamadas_curl(b.texto)]


def percorrer(documento: str, pasta: Path) -> list[str]:
    """Run the doc's curl blocks in one bash, in order; what went wrong, call by call."""
    pasta.mkdir()
    tour = blocos_com_curl(documento)
    ambiente = {**compose.compose_env(), "COMPOSE_PROJECT_NAME": compose.PROJECT, "PASSEIO_LOG": str(pasta)}
    execucao = subprocess.run(
        ["bash", "-c", roteiro(tour, PORTAS)],
        cwd=compose.REPO_ROOT,
        env=ambiente,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    esperadas = [chamada for bloco in tour for chamada in chamadas_curl(bloco.texto)]
    feitas = respostas(pasta)
    erros = [
        f"{chamada.metodo} {chamada.rota}: {motivo}\n{resposta.saida[:300]}"
        for chamada, resposta in zip(esperadas, feitas, strict=False)
        if (motivo := problema(chamada, resposta))
    ]
    if execucao.returncode != 0 or len(feitas) != len(esperadas):
        erros.append(
            f"the tour stopped after {len(feitas)} of {len(esperadas)} calls (exit {execucao.returncode}):"
            f"\n{execucao.stderr[-2000:]}"
        )
    return erros


def estabilizar() -> None:
    """Wait until every container is healthy again (the tours stop and start some on purpose)."""
    compose.compose("up", "-d", "--wait", "--wait-timeout", "300")


def test_the_readme_and_guide_tours_run_as_written_on_a_fresh_stack_and_again_right_after(
    stack: None, tmp_path: Path
) -> None:
    erros: dict[str, list[str]] = {}
    try:
        for rodada in (1, 2):
            for documento in DOCUMENTOS:
                pasta = tmp_path / f"{rodada}-{Path(documento).stem}"
                if falhas := percorrer(documento, pasta):
                    erros[f"{documento}, run {rodada}"] = falhas
            estabilizar()
    finally:
        estabilizar()
    assert not erros, "\n\n".join(f"{onde}:\n" + "\n".join(falhas) for onde, falhas in erros.items())
