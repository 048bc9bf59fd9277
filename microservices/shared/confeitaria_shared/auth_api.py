"""Staff login and logout (any token): the catalog serves them under /api/auth."""

from __future__ import annotations

from flask import Response
from flask_openapi3 import APIBlueprint, Tag
from pydantic import BaseModel, ConfigDict, Field

from .auth import autenticador, identidade, nao_autenticado
from .openapi import BEARER
from .responses import ok

tag = Tag(name="autenticação", description="Tokens para a API")
auth_api = APIBlueprint("auth", __name__, url_prefix="/api/auth", abp_tags=[tag])


class LoginBody(BaseModel):
    """Staff credentials."""

    model_config = ConfigDict(extra="forbid")
    usuario: str = Field(min_length=1, max_length=80)
    senha: str = Field(min_length=1, max_length=200)


@auth_api.post("/login")
def login(body: LoginBody) -> tuple[Response, int]:
    """Log a staff member in: a Bearer token (audience staff) for the staff endpoints."""
    return ok(autenticador().login_staff(body.usuario, body.senha))


@auth_api.post("/logout", security=BEARER)
def logout() -> tuple[Response, int]:
    """End the token sent (staff or customer): it is refused everywhere from now on."""
    claims = identidade()
    if claims is None:
        raise nao_autenticado()
    autenticador().revogar(claims)
    return ok({"encerrado": True})
