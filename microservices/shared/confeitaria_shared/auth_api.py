"""Login endpoints: staff credentials → staff token; an e-mail → customer token."""

from __future__ import annotations

from flask import Response
from flask_openapi3 import APIBlueprint, Tag
from pydantic import BaseModel, ConfigDict, EmailStr, Field

from .auth import autenticador
from .responses import ok

tag = Tag(name="autenticação", description="Tokens para a API")
auth_api = APIBlueprint("auth", __name__, url_prefix="/api/auth", abp_tags=[tag])


class LoginBody(BaseModel):
    """Staff credentials."""

    model_config = ConfigDict(extra="forbid")
    usuario: str = Field(min_length=1, max_length=80)
    senha: str = Field(min_length=1, max_length=200)


class ClienteBody(BaseModel):
    """A customer identifies by e-mail (no password: customers have no accounts yet)."""

    model_config = ConfigDict(extra="forbid")
    email: EmailStr


@auth_api.post("/login")
def login(body: LoginBody) -> tuple[Response, int]:
    """Log a staff member in: answers a Bearer token for write endpoints."""
    return ok(autenticador().login_staff(body.usuario, body.senha))


@auth_api.post("/cliente")
def token_de_cliente(body: ClienteBody) -> tuple[Response, int]:
    """A customer token (it does not open staff endpoints: those answer 403)."""
    return ok(autenticador().emitir(str(body.email), "cliente"))
