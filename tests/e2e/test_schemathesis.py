"""Schemathesis over every service's OpenAPI document, as staff, as a customer and as nobody.

Each service serves its document at /api/docs/openapi.json on its own port; the generated requests
go through the gateway, as clients' do. The checks: no 5xx, and every answer inside its documented
schema and content type (the envelopes, confeitaria_shared.openapi.documentar_envelopes).

Bounded and repeatable: a fixed number of cases per operation and a fixed seed, so CI sends the
same cases every run. (Schemathesis' deterministic mode is repeatable too, but with it the run
missed the stock history's 500 that this seed finds.)

The staff run writes, and other tests run after this one on the same stack. Rather than depending
on the order of the modules, every well-formed id the run generates is rewritten to data the run
created itself (tests/support/schemathesis_ganchos.py), so the seed's products and categories,
which later tests read, are never touched; what would break the stack for everyone (fault
injection, revoking the shared token) is not sent at all (NUNCA_*).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.support import compose
from tests.support.api_client import adicionar, checkout, nova_sessao, staff, token_de_cliente

SERVICOS = {
    "catalogo": "CATALOGO_PORT",
    "carrinho": "CARRINHO_PORT",
    "pedidos": "PEDIDOS_PORT",
    "events": "EVENTS_PORT",
}
CASOS_POR_OPERACAO = 20
SEMENTE = "14"
CHECKS = "not_a_server_error,response_schema_conformance,content_type_conformance"
# The gateway lets a client send 100 requests/s (burst 200): staying under it, the answers checked
# are the services', not 429s.
TAXA = "70/s"
# Login and sign-up routes have a strict limit per client at the gateway, which later tests share:
# they are fuzzed on the service's own port (published on 127.0.0.1 by the test stack).
DIRETO_NO_SERVICO = r"^/api/auth/|/login$|^/api/clientes$"
NUNCA = [
    "GET /api/eventos/stream",  # a live feed never ends: there is no one response to check
]
NUNCA_COM_TOKEN = [
    "POST /api/auth/logout",  # would revoke the token the rest of the run, and of the suite, sends
]
NUNCA_COMO_STAFF = [
    "PUT /api/falhas/{servico}",  # switches fault injection on: 503s by design, in the whole stack
]
GANCHOS = "tests.support.schemathesis_ganchos"


def credenciais() -> dict[str, dict[str, str]]:
    """The three callers: a staff member, a customer, and nobody."""
    return {
        "staff": staff(),
        "cliente": {"Authorization": f"Bearer {token_de_cliente()}"},
        "anonimo": {},
    }


@pytest.fixture(scope="module")
def chamadores(stack: None) -> dict[str, dict[str, str]]:
    return credenciais()


def _criar(caminho: str, corpo: dict[str, Any]) -> dict[str, Any]:
    response = requests.post(f"{compose.gateway_url()}{caminho}", json=corpo, headers=staff(), timeout=10)
    assert response.status_code == 201, response.text
    return dict(response.json()["data"])


@pytest.fixture(scope="module")
def dados_da_rodada(stack: None) -> dict[str, str]:
    """A category, a product in it, a cart holding it and an order of it: what the run may change."""
    marca = uuid.uuid4().hex[:10]
    categoria = _criar("/api/categorias", {"nome": f"Schemathesis {marca}"})
    produto = _criar(
        "/api/produtos",
        {"nome": f"Schemathesis {marca}", "preco": "9.90", "estoque": 1000, "categoria_id": categoria["id"]},
    )
    sessao = nova_sessao()
    assert adicionar(sessao, produto["id"], 1).status_code == 200
    pedido = checkout([(produto["id"], 1)])
    assert pedido.status_code in (200, 202), pedido.text
    return {
        "CONFEITARIA_ST_CATEGORIA": str(categoria["id"]),
        "CONFEITARIA_ST_PRODUTO": str(produto["id"]),
        "CONFEITARIA_ST_SESSAO": sessao,
        "CONFEITARIA_ST_PEDIDO": str(pedido.json()["data"]["id"]),
    }


def _schemathesis(
    documento: str,
    base: str,
    cabecalhos: dict[str, str],
    filtros: list[str],
    ambiente: dict[str, str],
    pasta: Path,
) -> subprocess.CompletedProcess[str]:
    comando = [sys.executable, "-m", "schemathesis.cli", "run", documento, "--url", base]
    comando += ["--checks", CHECKS, "--max-examples", str(CASOS_POR_OPERACAO), "--seed", SEMENTE]
    comando += ["--workers", "1", "--rate-limit", TAXA, "--request-timeout", "20"]
    comando += ["--no-color", "--warnings", "off", *filtros]
    for nome, valor in cabecalhos.items():
        comando += ["--header", f"{nome}: {valor}"]
    return subprocess.run(
        comando, env=ambiente, cwd=pasta, capture_output=True, text=True, timeout=600, check=False
    )


def _falhas(rodada: subprocess.CompletedProcess[str]) -> str:
    """The failures section of Schemathesis' report, short enough for an assertion message."""
    inicio = rodada.stdout.find("FAILURES")
    return rodada.stdout[max(inicio, 0) :][:12_000] + rodada.stderr[-2_000:]


@pytest.mark.parametrize("quem", ["staff", "cliente", "anonimo"])
@pytest.mark.parametrize("servico", SERVICOS)
def test_generated_requests_get_no_server_error_and_no_answer_outside_the_document(
    servico: str,
    quem: str,
    chamadores: dict[str, dict[str, str]],
    dados_da_rodada: dict[str, str],
    tmp_path: Path,
) -> None:
    porta = compose.service_url(SERVICOS[servico])
    documento = f"{porta}/api/docs/openapi.json"
    caminhos = requests.get(documento, timeout=10).json()["paths"]
    fora = [
        *NUNCA,
        *(NUNCA_COM_TOKEN if chamadores[quem] else []),
        *(NUNCA_COMO_STAFF if quem == "staff" else []),
    ]
    filtros = [arg for nome in fora for arg in ("--exclude-name", nome)]
    rodadas = [(compose.gateway_url(), ["--exclude-path-regex", DIRETO_NO_SERVICO, *filtros])]
    if any(re.search(DIRETO_NO_SERVICO, caminho) for caminho in caminhos):
        rodadas.append((porta, ["--include-path-regex", DIRETO_NO_SERVICO, *filtros]))
    ambiente = {
        **os.environ,
        **dados_da_rodada,
        "SCHEMATHESIS_HOOKS": GANCHOS,
        "PYTHONPATH": str(compose.REPO_ROOT),
    }

    for base, filtros_da_rodada in rodadas:
        rodada = _schemathesis(documento, base, chamadores[quem], filtros_da_rodada, ambiente, tmp_path)

        assert rodada.returncode == 0, f"{servico} as {quem} via {base}:\n{_falhas(rodada)}"
