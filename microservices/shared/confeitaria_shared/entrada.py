"""Untrusted text at the door: control characters are refused before any view, model or database sees them.

PostgreSQL cannot store NUL in text and psycopg2 cannot encode a lone surrogate, so either one
used to reach the database and answer 500. Every request of every service passes `recusar_controles`
(installed by `install_plumbing`): query string, path parameters, JSON body and form fields.

- Bodies (JSON and forms) may hold tab, newline and carriage return: descriptions and addresses are
  multi-line text. Every other C0 control (U+0000–U+001F), DEL (U+007F) and lone surrogates are refused.
- Query strings and path parameters are single-line by nature (ids, filters, a search box): there
  tab, newline and carriage return are refused too.

`SemControle` is the same rule for a pydantic field, for models that also read input from elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated, Any

from flask import request
from pydantic import AfterValidator

from .errors import ApiError

CODIGO = "CARACTERE_DE_CONTROLE"
# C0 controls but tab, LF and CR; DEL; and surrogates (only reachable as lone "\udXXX" JSON escapes).
_PROIBIDO_NO_CORPO = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_PROIBIDO_NA_LINHA = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
_FORMULARIOS = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def caractere_proibido(texto: str, multilinha: bool = True) -> str | None:
    """The first character `texto` may not hold, or None when it is clean."""
    achado = (_PROIBIDO_NO_CORPO if multilinha else _PROIBIDO_NA_LINHA).search(texto)
    return achado.group() if achado else None


def _textos(valor: Any, caminho: str) -> Iterator[tuple[str, str]]:
    """Every string in a parsed JSON value (keys included) with its dotted path."""
    if isinstance(valor, str):
        yield caminho, valor
    elif isinstance(valor, dict):
        for chave, item in valor.items():
            filho = f"{caminho}.{chave}" if caminho else str(chave)
            yield filho, str(chave)
            yield from _textos(item, filho)
    elif isinstance(valor, list):
        for indice, item in enumerate(valor):
            yield from _textos(item, f"{caminho}.{indice}" if caminho else str(indice))


def _conferir(textos: Iterator[tuple[str, str]], local: str, multilinha: bool) -> None:
    for campo, texto in textos:
        caractere = caractere_proibido(texto, multilinha)
        if caractere is not None:
            codigo = f"U+{ord(caractere):04X}"
            raise ApiError(
                400,
                CODIGO,
                f"'{campo or local}' tem um caractere de controle ({codigo}); envie só texto imprimível.",
                campo=campo or local,
                local=local,
                caractere=codigo,
            )


def _pares(multidict: Any) -> Iterator[tuple[str, str]]:
    for chave, valor in multidict.items(multi=True):
        yield chave, chave
        yield chave, valor


def recusar_controles() -> None:
    """Refuse a request with a control character in any text it carries (400 CARACTERE_DE_CONTROLE)."""
    if request.query_string:
        _conferir(_pares(request.args), "query", multilinha=False)
    if request.view_args:
        textos = ((nome, v) for nome, v in request.view_args.items() if isinstance(v, str))
        _conferir(textos, "caminho", multilinha=False)
    if request.content_length == 0:
        return
    if request.is_json:
        # Parsed once: Flask caches it, and the view's model validation reads the same object.
        try:
            _conferir(_textos(request.get_json(silent=True), ""), "corpo", multilinha=True)
        except RecursionError:
            # `silent` swallows only ValueError: JSON nested thousands deep must still be a 400.
            raise ApiError(400, "JSON_INVALIDO", "O corpo da requisição aninha níveis demais.") from None
    elif request.mimetype in _FORMULARIOS:
        _conferir(_pares(request.form), "formulario", multilinha=True)


def _sem_controle(texto: str) -> str:
    caractere = caractere_proibido(texto)
    if caractere is not None:
        raise ValueError(f"caractere de controle não permitido (U+{ord(caractere):04X})")
    return texto


SemControle = AfterValidator(_sem_controle)
"""Add to a str field: refuses the characters the request guard refuses in a body."""

# Instants the databases and Python both can hold once in UTC (PostgreSQL refuses offsets past ±15:59).
_INSTANTE_MIN = datetime(1900, 1, 1, tzinfo=UTC)
_INSTANTE_MAX = datetime(9999, 1, 1, tzinfo=UTC)


def _em_utc(instante: datetime) -> datetime:
    if instante.tzinfo is None:
        instante = instante.replace(tzinfo=UTC)  # a naive instant means UTC, as everywhere in the API
    try:
        instante = instante.astimezone(UTC)
    except OverflowError:
        raise ValueError("instante fora do intervalo aceito (anos 1900 a 9998)") from None
    if not _INSTANTE_MIN <= instante < _INSTANTE_MAX:
        raise ValueError("instante fora do intervalo aceito (anos 1900 a 9998)")
    return instante


Instante = Annotated[datetime, AfterValidator(_em_utc)]
"""An ISO-8601 instant from outside, normalised to UTC (naive means UTC) within the years 1900–9998."""
