"""The layers of every service hold: the domain is pure, the use cases reach stores only through ports.

docs/DESENVOLVENDO.md says where each kind of code goes; these tests keep the layout true to it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from confeitaria_shared.contratos import eventos

RAIZ = Path(__file__).resolve().parents[2] / "microservices"
SERVICOS = ("catalogo", "carrinho", "pedidos", "events")
CONTRATOS_DE_EVENTOS = RAIZ / "shared" / "confeitaria_shared" / "contratos" / "eventos.py"

# HTTP, on both sides of the wire, and the API's own envelope: the edge's business, never a rule's.
HTTP = (
    "flask",
    "flask_openapi3",
    "flask_cors",
    "werkzeug",
    "requests",
    "confeitaria_shared.errors",
    "confeitaria_shared.responses",
    "confeitaria_shared.web",
    "confeitaria_shared.auth",
    "confeitaria_shared.extensoes",
    "confeitaria_shared.openapi",
)
# Stores and their drivers: the use cases reach them through their unit of work and ports only.
ARMAZENAMENTO = ("sqlalchemy", "redis", "psycopg2", "flask_sqlalchemy")


def _modulos(servico: str, camada: str) -> list[Path]:
    return sorted((RAIZ / servico / servico / camada).rglob("*.py"))


def _arquivo_do_modulo(modulo: str) -> Path | None:
    """The source file of a first-party module (the shared package or a service), else None."""
    raiz, *resto = modulo.split(".")
    pacote = RAIZ / "shared" / raiz if raiz == "confeitaria_shared" else RAIZ / raiz / raiz
    if raiz not in ("confeitaria_shared", *SERVICOS) or not pacote.is_dir():
        return None
    caminho = pacote.joinpath(*resto)
    for candidato in (caminho.with_suffix(".py"), caminho / "__init__.py"):
        if candidato.is_file():
            return candidato
    return None


def _importados(arquivo: Path) -> Iterator[str]:
    """Every module `arquivo` imports directly, relative imports resolved against its package."""
    pasta = (
        RAIZ / "shared"
        if "confeitaria_shared" in arquivo.parts
        else RAIZ / arquivo.relative_to(RAIZ).parts[0]
    )
    pacote = arquivo.relative_to(pasta).with_suffix("").parts[:-1]
    if arquivo.name == "__init__.py":
        pacote = arquivo.relative_to(pasta).parts[:-1]
    for no in ast.walk(ast.parse(arquivo.read_text(encoding="utf-8"))):
        if isinstance(no, ast.Import):
            yield from (alias.name for alias in no.names)
        elif isinstance(no, ast.ImportFrom):
            base = list(pacote[: len(pacote) - no.level + 1]) if no.level else []
            modulo = ".".join([*base, *([no.module] if no.module else [])])
            yield modulo
            yield from (f"{modulo}.{alias.name}" for alias in no.names)


def _alcancados(arquivo: Path) -> set[str]:
    """Every module `arquivo` reaches: its imports, and theirs through first-party modules."""
    vistos: set[str] = set()
    pendentes = [arquivo]
    lidos: set[Path] = set()
    while pendentes:
        atual = pendentes.pop()
        if atual in lidos:
            continue
        lidos.add(atual)
        for modulo in _importados(atual):
            vistos.add(modulo)
            if (proximo := _arquivo_do_modulo(modulo)) is not None:
                pendentes.append(proximo)
    return vistos


def _proibidos(importados: set[str], proibidos: tuple[str, ...]) -> list[str]:
    return sorted(
        {
            importado
            for importado in importados
            for proibido in proibidos
            if importado == proibido or importado.startswith(f"{proibido}.")
        }
    )


@pytest.mark.parametrize("servico", SERVICOS)
def test_every_service_has_a_domain_layer_and_a_service_layer(servico: str) -> None:
    assert _modulos(servico, "dominio"), f"{servico} has no dominio/ package"
    assert _modulos(servico, "servicos"), f"{servico} has no servicos/ package"


@pytest.mark.parametrize("servico", SERVICOS)
def test_no_domain_module_imports_http_a_store_or_the_service_s_edges(servico: str) -> None:
    bordas = tuple(f"{servico}.{borda}" for borda in ("api", "servicos", "adaptadores", "models", "worker"))
    achados = {
        str(arquivo.relative_to(RAIZ)): proibidos
        for arquivo in _modulos(servico, "dominio")
        if (proibidos := _proibidos(_alcancados(arquivo), HTTP + ARMAZENAMENTO + bordas))
    }
    assert achados == {}


@pytest.mark.parametrize("servico", SERVICOS)
def test_no_use_case_imports_http_a_store_or_an_adapter(servico: str) -> None:
    bordas = tuple(f"{servico}.{borda}" for borda in ("api", "adaptadores", "models", "worker"))
    achados = {
        str(arquivo.relative_to(RAIZ)): proibidos
        for arquivo in _modulos(servico, "servicos")
        if (proibidos := _proibidos(_alcancados(arquivo), HTTP + ARMAZENAMENTO + bordas))
    }
    assert achados == {}


def _textos(arquivo: Path) -> Iterator[tuple[int, str]]:
    for no in ast.walk(ast.parse(arquivo.read_text(encoding="utf-8"))):
        if isinstance(no, ast.Constant) and isinstance(no.value, str):
            yield no.lineno, no.value


@pytest.mark.parametrize("pasta", ("shared", *SERVICOS, "loadgen"))
def test_no_event_type_is_spelled_as_a_bare_string_outside_the_contracts_module(pasta: str) -> None:
    codigo = [
        arquivo
        for arquivo in sorted((RAIZ / pasta).rglob("*.py"))
        if arquivo != CONTRATOS_DE_EVENTOS and "migrations" not in arquivo.parts
    ]
    soltos = [
        f"{arquivo.relative_to(RAIZ)}:{linha}: {texto}"
        for arquivo in codigo
        for linha, texto in _textos(arquivo)
        if texto in eventos.TODOS
    ]
    assert soltos == []


def test_the_contracts_name_each_event_type_once() -> None:
    nomes = [valor for nome, valor in vars(eventos).items() if nome.isupper() and isinstance(valor, str)]
    assert len(nomes) == len(set(nomes)) == len(eventos.TODOS)
