"""Tokens made in the test, signed as the services sign theirs: for forgeries and expiry checks."""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt

from confeitaria_shared.auth import EMISSOR, PROPOSITO_TOKENS, chave_derivada
from tests.support import compose


def segredo_da_pilha() -> str:
    """The test stack's AUTH_SECRET."""
    segredo = compose.ambiente("catalogo", "AUTH_SECRET")
    assert segredo, "the catalog app has no AUTH_SECRET"
    return segredo


def claims(**mudancas: Any) -> dict[str, Any]:
    """A staff token's claims valid for ten minutes from now, with the given changes."""
    agora = int(time.time())
    base = {"iss": EMISSOR, "sub": "admin", "aud": "staff", "iat": agora, "exp": agora + 600}
    return {**base, "jti": uuid.uuid4().hex, **mudancas}


def assinado(conteudo: dict[str, Any], segredo: str, algoritmo: str = "HS256") -> str:
    """The claims signed with the key the services derive from `segredo` ('none': unsigned)."""
    if algoritmo == "none":
        return jwt.encode(conteudo, None, algorithm="none")
    return jwt.encode(conteudo, chave_derivada(segredo, PROPOSITO_TOKENS), algorithm=algoritmo)


def bearer(token: str) -> dict[str, str]:
    """The Authorization header of a token."""
    return {"Authorization": f"Bearer {token}"}
