"""Parsing of untrusted input (query strings, JSON bodies) into typed values or a clear 4xx."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import Request

from .errors import ApiError

_TRUE = {"true", "1", "sim"}
_FALSE = {"false", "0", "nao", "não"}


def _invalid(name: str, expected: str, raw: str) -> ApiError:
    return ApiError(
        400, "PARAMETRO_INVALIDO", f"'{name}' deve ser {expected}; recebido {raw[:40]!r}", parametro=name
    )


def query_int(args: Mapping[str, str], name: str, minimum: int | None = None) -> int | None:
    """An optional integer query parameter, at least `minimum`."""
    raw = args.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        raise _invalid(name, "um número inteiro", raw) from None
    if minimum is not None and value < minimum:
        raise _invalid(name, f"um inteiro maior ou igual a {minimum}", raw)
    return value


def query_decimal(args: Mapping[str, str], name: str) -> Decimal | None:
    """An optional non-negative money amount with at most two decimals."""
    raw = args.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise _invalid(name, "um valor em reais (ex.: 49.90)", raw) from None
    if not value.is_finite() or value < 0 or value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise _invalid(name, "um valor não negativo com até duas casas decimais", raw)
    return value


def query_bool(args: Mapping[str, str], name: str) -> bool | None:
    """An optional boolean written true/false (also 1/0, sim/não)."""
    raw = args.get(name)
    if raw is None or raw == "":
        return None
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise _invalid(name, "true ou false", raw)


def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object, or 415 for another content type and 400 for broken JSON."""
    if not request.is_json:
        raise ApiError(415, "TIPO_DE_CONTEUDO_NAO_SUPORTADO", "Envie o corpo como application/json.")
    body = request.get_json(silent=True)
    if body is None:
        raise ApiError(400, "JSON_INVALIDO", "O corpo da requisição não é um JSON válido.")
    if not isinstance(body, dict):
        raise ApiError(400, "JSON_INVALIDO", "O corpo da requisição deve ser um objeto JSON.")
    return body
