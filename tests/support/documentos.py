"""Markdown as GitHub reads it: headings' anchors, relative links, table rows, cited tests and paths."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

CERCA = re.compile(r"^ {0,3}(`{3,}|~{3,})")
TITULO = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
CODIGO = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")
LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCIA = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
ANCORA_HTML = re.compile(r"<a\s+(?:name|id)=\"([^\"]+)\"")
# A relative path in a code span: `nginx/errors.conf`, `confeitaria_shared/entrada.py`, `bench/`.
CAMINHO = re.compile(r"^[\w.-]+(?:/[\w.-]+)*/[\w.-]*$")
TESTE = re.compile(r"\b(?:(tests/[\w/]+\.py)::)?(test_\w+)(\.py)?\b")


@dataclass(frozen=True)
class Linha:
    """A line of a Markdown file outside fenced code blocks, with its number (1-based)."""

    numero: int
    texto: str


def fora_de_cercas(texto: str) -> Iterator[Linha]:
    """The lines that are not inside a fenced code block (nor its fences)."""
    cerca: str | None = None
    for numero, linha in enumerate(texto.splitlines(), start=1):
        abre = CERCA.match(linha)
        if cerca is None and abre:
            cerca = abre.group(1)[0] * len(abre.group(1))
        elif cerca is not None and linha.strip().startswith(cerca) and not linha.strip().strip(cerca[0]):
            cerca = None
        elif cerca is None:
            yield Linha(numero, linha)


def sem_codigo(linha: str) -> str:
    """The line with its code spans blanked out (links inside code are not links)."""
    return CODIGO.sub(lambda m: " " * len(m.group(0)), linha)


def slug(titulo: str) -> str:
    """GitHub's anchor for a heading: its rendered text, lower case, punctuation out, spaces to '-'."""
    texto = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", titulo)  # a link shows its text
    texto = re.sub(r"<[^>]+>", "", texto).replace("`", "").replace("*", "")
    return "".join(
        "-" if c == " " else c
        for c in texto.strip().lower()
        if c in " -_" or c.isalnum() or unicodedata.category(c).startswith("M")
    )


def ancoras(texto: str) -> set[str]:
    """Every anchor a file offers: its headings' slugs (repeats get -1, -2...) and HTML anchors."""
    vistas: dict[str, int] = {}
    resultado: set[str] = set()
    for linha in fora_de_cercas(texto):
        resultado.update(ANCORA_HTML.findall(linha.texto))
        titulo = TITULO.match(linha.texto)
        if titulo:
            base = slug(titulo.group(2))
            repeticoes = vistas.get(base, 0)
            vistas[base] = repeticoes + 1
            resultado.add(base if repeticoes == 0 else f"{base}-{repeticoes}")
    return resultado


def links(texto: str) -> Iterator[tuple[Linha, str]]:
    """Every link target of the file outside code: inline links, images and reference definitions."""
    for linha in fora_de_cercas(texto):
        visivel = sem_codigo(linha.texto)
        for alvo in LINK.findall(visivel):
            yield linha, alvo
        referencia = REFERENCIA.match(visivel)
        if referencia:
            yield linha, referencia.group(1)


def relativo(alvo: str) -> bool:
    """Whether a link points inside the repository (not a URL, not an e-mail)."""
    return not re.match(r"^[a-z][a-z0-9+.-]*:", alvo, re.IGNORECASE) and not alvo.startswith("//")


def linhas_de_tabela(texto: str) -> Iterator[Linha]:
    """The table rows of the file (lines starting with '|' outside fenced code)."""
    return (linha for linha in fora_de_cercas(texto) if linha.texto.lstrip().startswith("|"))


def pipes_em_codigo(linha: str) -> list[str]:
    """The code spans of a table row holding a '|' not escaped as '\\|' (GitHub splits the cell there)."""
    return [m.group(0) for m in CODIGO.finditer(linha) if re.search(r"(?<!\\)\|", m.group(2))]


def caminhos_citados(texto: str) -> Iterator[tuple[Linha, str]]:
    """Relative paths the file names in code spans (`nginx/errors.conf`); placeholders never match."""
    for linha in fora_de_cercas(texto):
        for m in CODIGO.finditer(linha.texto):
            conteudo = m.group(2).strip()
            if CAMINHO.match(conteudo):
                yield linha, conteudo


def testes_citados(texto: str) -> Iterator[tuple[Linha, str | None, str, bool]]:
    """Tests the file names: (line, the file of `file::test` or None, the name, whether a module)."""
    for numero, linha in enumerate(texto.splitlines(), start=1):
        for m in TESTE.finditer(linha):
            yield Linha(numero, linha), m.group(1), m.group(2), bool(m.group(3))
