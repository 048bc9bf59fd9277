"""Every Markdown file of the repository: links that resolve, tables GitHub renders, tests that exist."""

from __future__ import annotations

import re
import subprocess
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.support import documentos

REPO = Path(__file__).resolve().parents[2]
# Folders the tools and tests write, git-ignored: named in the docs, never in the repository.
GERADOS = {
    "bench/resultados",
    "bench/resultados/",
    "tests/artefatos/loja/",
    "tests/artefatos/ferramentas/",
}


@cache
def rastreados() -> tuple[str, ...]:
    if not (REPO / ".git").exists():
        return tuple(p.relative_to(REPO).as_posix() for p in REPO.rglob("*") if p.is_file())
    saida = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, text=True, check=True)
    # Files deleted in the working tree but still in the index are not there for a reader.
    return tuple(n for n in saida.stdout.split("\0")[:-1] if (REPO / n).exists())


def markdown() -> list[str]:
    return sorted(n for n in rastreados() if n.endswith(".md"))


@cache
def definicoes_de_teste() -> dict[str, set[str]]:
    """Each test module's path, and the test functions it defines."""
    return {
        n: set(re.findall(r"^\s*(?:async\s+)?def\s+(test_\w+)", (REPO / n).read_text(), re.MULTILINE))
        for n in rastreados()
        if n.startswith("tests/") and n.endswith(".py")
    }


def existe(caminho: str) -> bool:
    """A tracked file, or a folder holding one."""
    caminho = caminho.rstrip("/")
    return caminho in rastreados() or any(n.startswith(f"{caminho}/") for n in rastreados())


def no_repositorio(destino: Path) -> str | None:
    """The path of `destino` inside the repository, None when the link leaves it."""
    try:
        return destino.resolve().relative_to(REPO.resolve()).as_posix()
    except ValueError:
        return None


def problemas_de_links(nome: str) -> list[str]:
    texto = (REPO / nome).read_text()
    problemas = []
    for linha, alvo in documentos.links(texto):
        if not documentos.relativo(alvo):
            continue
        caminho, _, ancora = unquote(alvo).partition("#")
        destino = (REPO / nome).parent / caminho if caminho else REPO / nome
        relativo = no_repositorio(destino)
        if relativo is None or not existe(relativo):
            problemas.append(f"{nome}:{linha.numero}: {alvo} (no such file in the repository)")
        elif ancora and relativo.endswith(".md") and ancora not in documentos.ancoras(destino.read_text()):
            problemas.append(f"{nome}:{linha.numero}: {alvo} (no heading with that anchor)")
    return problemas


@pytest.mark.parametrize("nome", markdown())
def test_every_relative_link_reaches_a_file_and_heading_of_the_repository(nome: str) -> None:
    assert problemas_de_links(nome) == []


@pytest.mark.parametrize("nome", markdown())
def test_no_table_row_has_an_unescaped_pipe_inside_a_code_span(nome: str) -> None:
    texto = (REPO / nome).read_text()
    quebradas = [
        f"{nome}:{linha.numero}: {span}"
        for linha in documentos.linhas_de_tabela(texto)
        for span in documentos.pipes_em_codigo(linha.texto)
    ]

    assert quebradas == []


def citado_existe(caminho: str) -> bool:
    """A path from the root must exist as written; a file named deeper (`confeitaria_shared/web.py`)
    must end some tracked path."""
    raizes = {n.split("/", 1)[0] for n in rastreados()}
    if caminho.split("/", 1)[0] in raizes:
        return caminho in GERADOS or existe(caminho)
    if "." not in caminho.rstrip("/").rsplit("/", 1)[-1]:
        return True  # not a file name: `application/json`, `text/event-stream`
    return any(n == caminho or n.endswith(f"/{caminho}") for n in rastreados())


@pytest.mark.parametrize("nome", markdown())
def test_every_repository_path_named_in_code_exists(nome: str) -> None:
    texto = (REPO / nome).read_text()
    ausentes = [
        f"{nome}:{linha.numero}: {caminho}"
        for linha, caminho in documentos.caminhos_citados(texto)
        if not citado_existe(caminho)
    ]

    assert ausentes == []


@pytest.mark.parametrize("nome", markdown())
def test_every_test_the_docs_cite_exists(nome: str) -> None:
    definidos = definicoes_de_teste()
    todos = set().union(*definidos.values())
    modulos = {Path(n).stem for n in definidos}
    ausentes = []
    for linha, arquivo, teste, modulo in documentos.testes_citados((REPO / nome).read_text()):
        if modulo:
            existe_ = teste in modulos
        elif arquivo:
            existe_ = teste in definidos.get(arquivo, set())
        else:
            existe_ = teste in todos
        if not existe_:
            ausentes.append(f"{nome}:{linha.numero}: {arquivo + '::' if arquivo else ''}{teste}")

    assert ausentes == []


def test_a_heading_anchor_follows_githubs_rules_for_accents_punctuation_code_and_repeats() -> None:
    texto = "# Dados pessoais ficam no serviço de pedidos\n## `make up`: a pilha!\n## FAQ\n## FAQ\n"

    assert documentos.ancoras(texto) == {
        "dados-pessoais-ficam-no-serviço-de-pedidos",
        "make-up-a-pilha",
        "faq",
        "faq-1",
    }


def test_headings_and_links_inside_fenced_code_do_not_count() -> None:
    texto = "```bash\n# não é título\n[x](NADA.md)\n```\n[y](REAL.md) `[z](CODIGO.md)`\n"

    assert documentos.ancoras(texto) == set()
    assert [alvo for _, alvo in documentos.links(texto)] == ["REAL.md"]


def test_a_pipe_in_a_table_code_span_is_found_unless_escaped() -> None:
    assert documentos.pipes_em_codigo("| `a|b` | x |") == ["`a|b`"]
    assert documentos.pipes_em_codigo("| `a\\|b` | x |") == []


# Every command, address and route of the original confeitaria guide, as its users type them.
GUIA_ORIGINAL = (
    "docker-compose up -d",
    "docker-compose ps",
    "http://localhost:5001/api/produtos",
    "http://localhost:5002/health",
    "http://localhost:5050",
    "curl http://localhost:5001/health",
    "curl http://localhost:5002/health",
    "curl http://localhost:5001/api/produtos",
    "$session = Invoke-RestMethod",
    "docker-compose stop catalogo-service",
    "curl http://localhost:5011/api/produtos",
    "docker-compose start catalogo-service",
    "GET /api/produtos?categoria_id=1&preco_max=50&em_estoque=true",
    "GET /api/produtos/1/estoque?quantidade=5",
    "PUT /api/produtos/1/estoque",
    "POST /api/carrinho/sessao",
    "POST /api/carrinho/{session_id}/adicionar",
    "GET /api/carrinho/{session_id}",
    "pgAdmin",
    "Redis Commander",
)


@pytest.mark.parametrize("comando", GUIA_ORIGINAL)
def test_the_migration_page_maps_every_command_of_the_original_guide(comando: str) -> None:
    assert comando in (REPO / "docs" / "MIGRANDO.md").read_text(encoding="utf-8")
