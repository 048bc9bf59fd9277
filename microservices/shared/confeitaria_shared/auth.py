"""Staff authentication shared by every service: signed bearer tokens, staff login, customer tokens."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from flask import current_app, g, request
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.security import check_password_hash

from .config import env_int, env_secret, env_str
from .errors import ApiError

Papel = Literal["staff", "cliente"]
_SALT = "confeitaria.auth.v1"


@dataclass(frozen=True)
class AuthSettings:
    """Token signing secret and lifetime, and the staff credentials (password stored hashed)."""

    secret: str
    token_ttl_s: int
    staff_usuario: str
    staff_senha_hash: str

    @classmethod
    def from_env(cls) -> AuthSettings:
        """Read AUTH_SECRET, AUTH_TOKEN_TTL_S, STAFF_USUARIO and STAFF_SENHA_HASH."""
        return cls(
            secret=env_secret("AUTH_SECRET"),
            token_ttl_s=env_int("AUTH_TOKEN_TTL_S", 8 * 3600, minimum=60),
            staff_usuario=env_str("STAFF_USUARIO", "admin"),
            staff_senha_hash=env_secret("STAFF_SENHA_HASH"),
        )


@dataclass(frozen=True)
class Autenticador:
    """Issues and checks tokens."""

    settings: AuthSettings

    @property
    def _serializer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.settings.secret, salt=_SALT)

    def emitir(self, sujeito: str, papel: Papel) -> dict[str, str]:
        """A signed token for `sujeito` with `papel`, and when it expires."""
        expira = datetime.now(UTC) + timedelta(seconds=self.settings.token_ttl_s)
        token = self._serializer.dumps({"sub": sujeito, "papel": papel})
        return {"token": token, "tipo": "Bearer", "papel": papel, "expira_em": expira.isoformat()}

    def login_staff(self, usuario: str, senha: str) -> dict[str, str]:
        """A staff token for the right credentials; 401 otherwise (the same answer for either field)."""
        usuario_ok = hmac.compare_digest(usuario.encode(), self.settings.staff_usuario.encode())
        senha_ok = check_password_hash(self.settings.staff_senha_hash, senha)
        if not (usuario_ok and senha_ok):
            raise ApiError(401, "CREDENCIAIS_INVALIDAS", "Usuário ou senha inválidos.")
        return self.emitir(usuario, "staff")

    def verificar(self, token: str) -> dict[str, str]:
        """The token's claims; 401 when it is forged, malformed or expired."""
        try:
            claims = self._serializer.loads(token, max_age=self.settings.token_ttl_s)
        except SignatureExpired:
            raise ApiError(401, "TOKEN_EXPIRADO", "O token expirou; faça login de novo.") from None
        except BadSignature:
            raise ApiError(401, "TOKEN_INVALIDO", "Token inválido.") from None
        if not isinstance(claims, dict) or claims.get("papel") not in ("staff", "cliente"):
            raise ApiError(401, "TOKEN_INVALIDO", "Token inválido.")
        return claims


def autenticador() -> Autenticador:
    """The current app's authenticator (installed by install_auth)."""
    auth: Autenticador = current_app.extensions["autenticador"]
    return auth


def _bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(
            401, "NAO_AUTENTICADO", "Envie Authorization: Bearer <token> (POST /api/auth/login para staff)."
        )
    return token.strip()


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def exigir_staff() -> None:
    """Let only a valid staff token through: 401 without one, 403 for a customer's."""
    claims = autenticador().verificar(_bearer_token())
    if claims["papel"] != "staff":
        raise ApiError(403, "PROIBIDO", "Esta operação é só para a equipe (staff).")
    g.usuario = claims["sub"]


def staff_para_escritas(blueprint: Any) -> None:
    """Require a staff token for every write (non-GET) route of the blueprint, before validation."""

    @blueprint.before_request
    def _exigir_staff_em_escritas() -> None:
        if request.method not in SAFE_METHODS:
            exigir_staff()


def install_auth(app: Any, settings: AuthSettings | None = None) -> None:
    """Make tokens issuable and checkable in this app."""
    app.extensions["autenticador"] = Autenticador(settings or AuthSettings.from_env())
