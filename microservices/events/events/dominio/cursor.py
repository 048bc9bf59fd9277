"""The cursor of a page of stored events: an opaque token for the store's position."""

from __future__ import annotations

import base64
import binascii

from confeitaria_shared.dominio import InvalidoError


def cursor_de(posicao: int) -> str:
    """The cursor that pages on after the event at `posicao`."""
    return base64.urlsafe_b64encode(f"p{posicao}".encode()).decode().rstrip("=")


def posicao_do(cursor: str) -> int:
    """The position a cursor stands for; 400 CURSOR_INVALIDO when it is not one of ours."""
    try:
        texto = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        texto = ""
    if not texto.startswith("p") or not texto[1:].isdigit():
        raise InvalidoError("CURSOR_INVALIDO", "cursor inválido: use o proximo_cursor da página anterior.")
    return int(texto[1:])
