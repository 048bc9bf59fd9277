"""The docs' tours read as data: curl calls with their promised statuses, PowerShell twins of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.passeios import (
    Chamada,
    Resposta,
    blocos,
    chamadas_curl,
    chamadas_powershell,
    problema,
    sem_gemeas,
)

RAIZ = Path(__file__).resolve().parents[2]
DOCUMENTOS = sorted([*RAIZ.glob("README*.md"), *(RAIZ / "docs").glob("*.md")])

BASH = """\
# the staff's token
TOKEN=$(curl -s -X POST localhost:8080/api/auth/login -H 'Content-Type: application/json' \\
  -d '{"usuario": "admin"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"])')
curl -s -X POST localhost:8080/api/carrinho/$SESSION/checkout -H 'Prefer: wait=5' \\
  -d '{"cliente": {"nome": "Ana"},
       "pagamento": {"metodo": "pix"}}'
curl -s -o /dev/null -w '%{http_code}\\n' localhost:8080/api/produtos     # 200
"""

POWERSHELL = """\
$login = Invoke-RestMethod -Uri http://localhost:8080/api/auth/login -Method POST `
    -ContentType "application/json" -Body (@{usuario="admin"} | ConvertTo-Json)
$checkout = @{cliente=@{nome="Ana"};
              pagamento=@{metodo="pix"}} | ConvertTo-Json
Invoke-RestMethod -Uri "http://localhost:8080/api/carrinho/$sessionId/checkout" -Method POST `
    -ContentType "application/json" -Headers @{Prefer="wait=5"} -Body $checkout
Invoke-RestMethod http://localhost:8080/api/produtos
"""


def test_curl_calls_are_read_in_order_across_substitutions_continuations_and_open_quotes() -> None:
    chamadas = chamadas_curl(BASH)

    assert [(c.metodo, c.rota) for c in chamadas] == [
        ("POST", "localhost:8080/api/auth/login"),
        ("POST", "localhost:8080/api/carrinho/{}/checkout"),
        ("GET", "localhost:8080/api/produtos"),
    ]
    assert chamadas[1].corpo == {"cliente": {"nome": "Ana"}, "pagamento": {"metodo": "pix"}}
    assert chamadas[1].cabecalhos == {"prefer"}
    assert [c.status for c in chamadas] == [None, None, 200]


def test_powershell_calls_resolve_their_bodies_and_headers_from_variables_and_hashtables() -> None:
    chamadas = chamadas_powershell(POWERSHELL)

    assert [(c.metodo, c.rota, c.corpo) for c in chamadas] == [
        ("POST", "localhost:8080/api/auth/login", {"usuario": "admin"}),
        (
            "POST",
            "localhost:8080/api/carrinho/{}/checkout",
            {"cliente": {"nome": "Ana"}, "pagamento": {"metodo": "pix"}},
        ),
        ("GET", "localhost:8080/api/produtos", None),
    ]
    assert chamadas[1].cabecalhos == {"prefer"}


def test_a_powershell_call_with_another_body_or_out_of_the_curl_order_has_no_twin() -> None:
    curl = chamadas_curl(BASH)
    outro_corpo = Chamada("POST", "localhost:8080/api/auth/login", {"usuario": "outro"})
    fora_de_ordem = [*chamadas_powershell(POWERSHELL)[2:], *chamadas_powershell(POWERSHELL)[:1]]

    assert sem_gemeas(chamadas_powershell(POWERSHELL), curl) == []
    assert sem_gemeas([outro_corpo], curl) == [
        "POST localhost:8080/api/auth/login {'usuario': 'outro'}: no curl twin"
    ]
    assert sem_gemeas(fora_de_ordem, curl) == [
        "POST localhost:8080/api/auth/login: before its curl twin's place in the tour"
    ]


@pytest.mark.parametrize(
    ("status_prometido", "status", "saida", "esperado"),
    [
        (None, 200, '{"success": true, "data": []}', None),
        (None, 200, '{"success": false}', "not the success envelope"),
        (None, 409, '{"success": false}', "status 409"),
        (503, 503, '{"success": false}', None),
        (200, 503, "", "status 503, the doc says 200"),
        (None, 200, "data: {}\n\n", None),
    ],
)
def test_an_answer_is_what_the_doc_says_only_with_its_promised_status_or_the_success_envelope(
    status_prometido: int | None, status: int, saida: str, esperado: str | None
) -> None:
    chamada = Chamada("GET", "localhost:8080/api/produtos", status=status_prometido)

    assert problema(chamada, Resposta([], status, saida)) == esperado


@pytest.mark.parametrize("documento", DOCUMENTOS, ids=lambda p: p.name)
def test_every_powershell_call_of_a_doc_makes_the_same_request_as_a_curl_call_in_the_same_order(
    documento: Path,
) -> None:
    texto = documento.read_text(encoding="utf-8")
    powershell = [c for b in blocos(texto, "powershell") for c in chamadas_powershell(b.texto)]
    # A page with PowerShell only (Docker Desktop's) repeats calls of the README's tour.
    curl = [c for b in blocos(texto, "bash") for c in chamadas_curl(b.texto)] or [
        c
        for b in blocos((RAIZ / "README.md").read_text(encoding="utf-8"), "bash")
        for c in chamadas_curl(b.texto)
    ]

    assert sem_gemeas(powershell, curl) == []


def _sem_comentarios(codigo: str) -> list[str]:
    """A block's lines without their comments (translated from one README to the other)."""
    return [re.sub(r"(^|\s)#.*$", "", linha).rstrip() for linha in codigo.splitlines()]


def test_the_portuguese_and_english_readmes_run_the_same_commands_apart_from_comments() -> None:
    portugues = blocos((RAIZ / "README.md").read_text(encoding="utf-8"))
    ingles = blocos((RAIZ / "README.en.md").read_text(encoding="utf-8"))

    assert [b.linguagem for b in portugues] == [b.linguagem for b in ingles]
    for pt, en in zip(portugues, ingles, strict=True):
        if pt.linguagem in ("bash", "powershell"):  # a diagram or a file tree is translated
            assert _sem_comentarios(pt.texto) == _sem_comentarios(en.texto), f"README.md line {pt.linha}"
