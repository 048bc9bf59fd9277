"""Compose's `${VAR:-default}` references in a value: found, kept for the stack, or resolved."""

from __future__ import annotations

import re
from dataclasses import dataclass

NOME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Variavel:
    """One top-level `${NOME}` or `${NOME:-padrao}`; variables nested in the default are resolved."""

    nome: str
    padrao: str | None

    def __str__(self) -> str:
        """The reference as `docker stack deploy` reads it (it knows no nested defaults)."""
        return f"${{{self.nome}}}" if self.padrao is None else f"${{{self.nome}:-{self.padrao}}}"


Parte = str | Variavel


def partes(texto: str) -> list[Parte]:
    """The value as literal runs (`$$` kept escaped) and top-level variable references."""
    resultado: list[Parte] = []
    literal, i = "", 0
    while i < len(texto):
        if texto.startswith("$$", i):
            literal, i = literal + "$$", i + 2
        elif texto.startswith("${", i):
            fim = _fecho(texto, i)
            if literal:
                resultado.append(literal)
            resultado.append(_variavel(texto[i + 2 : fim], texto))
            literal, i = "", fim + 1
        else:
            literal, i = literal + texto[i], i + 1
    if literal:
        resultado.append(literal)
    return resultado


def para_a_pilha(texto: str) -> str:
    """The value with its top-level references kept and nested ones resolved to their defaults."""
    return "".join(str(parte) for parte in partes(texto))


def resolvido(texto: str) -> str:
    """What compose makes of the value with no variable set, `$$` escapes left as written."""
    return "".join(parte if isinstance(parte, str) else (parte.padrao or "") for parte in partes(texto))


def _variavel(corpo: str, texto: str) -> Variavel:
    nome, separador, padrao = corpo.partition(":-")
    if not NOME.fullmatch(nome):
        # ${X-d}, ${X:?erro} and the like: compose's other forms are not used, so not translated.
        raise ValueError(f"unsupported variable reference ${{{corpo}}} in {texto!r}")
    return Variavel(nome, resolvido(padrao) if separador else None)


def _fecho(texto: str, inicio: int) -> int:
    """The index of the brace that closes the reference opened at `inicio` (defaults may nest)."""
    profundidade = 0
    for i in range(inicio, len(texto)):
        if texto.startswith("${", i) and (i == 0 or texto[i - 1] != "$"):
            profundidade += 1
        elif texto[i] == "}":
            profundidade -= 1
            if profundidade == 0:
                return i
    raise ValueError(f"unclosed variable reference in {texto!r}")
