"""Untrusted text at the door: control characters are refused before any view, model or database sees them.

PostgreSQL cannot store NUL in text and psycopg2 cannot encode a lone surrogate, so either one
used to reach the database and answer 500. Every request of every service passes `recusar_controles`
(installed by `install_plumbing`): query string, path parameters, JSON body and form fields.

- Bodies (JSON and forms) may hold tab, newline and carriage return: descriptions and addresses are
  multi-line text. Every other C0 control (U+0000–U+001F), DEL (U+007F) and lone surrogates are refused.
- Query strings and path parameters are single-line by nature (ids, filters, a search box): there
  tab, newline and carriage return are refused too.

`campos.SemControle` is the same rule for a pydantic field, for models that also read input from elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import request

from .campos import caractere_proibido
from .errors import ApiError

CODIGO = "CARACTERE_DE_CONTROLE"
_FORMULARIOS = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


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
