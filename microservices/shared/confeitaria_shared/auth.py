"""Authentication shared by every service: HS256 tokens with an audience, revocation, order links."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

import jwt
from flask import current_app, g, request
from werkzeug.security import check_password_hash

import redis

from .config import env_int, env_secret, env_str
from .errors import ApiError
from .sentinela import RedisTarget
from .stores import redis_client
from .tentativas import Tentativas

log = logging.getLogger(__name__)

Papel = Literal["staff", "cliente"]
PAPEIS: frozenset[str] = frozenset({"staff", "cliente"})
ALGORITMO = "HS256"
EMISSOR = "confeitaria"
# The one secret is never used as it is: each purpose signs with a key derived for it alone.
PROPOSITO_TOKENS = b"confeitaria.tokens.v2"
PROPOSITO_PEDIDO = b"confeitaria.acesso-a-pedido.v1"
PROPOSITO_CSRF = b"confeitaria.csrf-do-painel.v1"
CABECALHO_PEDIDO = "X-Pedido-Token"


def chave_derivada(segredo: str, proposito: bytes) -> bytes:
    """A key for one purpose, so a token of one kind can never pass for another."""
    return hmac.new(segredo.encode(), proposito, hashlib.sha256).digest()


# How to get each kind of token: the one source of every 401 NAO_AUTENTICADO (docs/ERROS.md).
LOGIN: dict[str, str] = {"staff": "POST /api/auth/login", "cliente": "POST /api/clientes/login"}
CORPO_DO_LOGIN: dict[str, str] = {
    "staff": '{"usuario": "...", "senha": "..."}',
    "cliente": '{"email": "...", "senha": "..."}',
}
COMO_OBTER: dict[str, str] = {
    "staff": f"faça login com o usuário da equipe em {LOGIN['staff']} com {CORPO_DO_LOGIN['staff']}",
    "cliente": f"faça login como cliente em {LOGIN['cliente']} com {CORPO_DO_LOGIN['cliente']}"
    " (conta nova: POST /api/clientes)",
}
COMO_ENVIAR = "envie o data.token da resposta em Authorization: Bearer <token>"


def nao_autenticado(*papeis: Papel) -> ApiError:
    """The 401 of a request that needs a token and sent none: how to get one (any kind, when unsaid)."""
    quem = papeis or ("staff", "cliente")
    de_quem = f" de {' ou '.join(papeis)}" if papeis else ""
    como = "; ou ".join(COMO_OBTER[papel] for papel in quem)
    mensagem = f"Esta rota pede um token{de_quem}: {como}; {COMO_ENVIAR}."
    return ApiError(401, "NAO_AUTENTICADO", mensagem, login=[LOGIN[papel] for papel in quem])


@dataclass(frozen=True)
class AuthSettings:
    """Token signing secret and lifetime, and the staff credentials (password stored hashed)."""

    secret: str
    token_ttl_s: int
    staff_usuario: str
    staff_senha_hash: str
    revogacao: RedisTarget | None = None

    @classmethod
    def from_env(cls) -> AuthSettings:
        """AUTH_SECRET, AUTH_TOKEN_TTL_S, STAFF_USUARIO, STAFF_SENHA_HASH and EVENT_BUS_URL (+sentinels)."""
        return cls(
            secret=env_secret("AUTH_SECRET"),
            token_ttl_s=env_int("AUTH_TOKEN_TTL_S", 3600, minimum=60),
            staff_usuario=env_str("STAFF_USUARIO", "admin"),
            staff_senha_hash=env_secret("STAFF_SENHA_HASH"),
            # Revocations and login waits live in the event bus's Redis, which every app reaches.
            revogacao=RedisTarget.from_env("EVENT_BUS", "redis://localhost:6379/0"),
        )


@dataclass
class Revogacoes:
    """Revoked token ids in the event bus's Redis, each kept until its token would have expired."""

    alvo: RedisTarget | None
    _cliente: redis.Redis | None = field(default=None, repr=False)

    def redis(self) -> redis.Redis:
        """The store's client, connected on first use; without a store, a ConnectionError (a 503)."""
        if self.alvo is None:
            raise redis.ConnectionError("no revocation store configured (EVENT_BUS_URL)")
        if self._cliente is None:
            # Short timeouts: a slow bus must not hold every authenticated request.
            self._cliente = redis_client(self.alvo, socket_timeout=0.5, socket_connect_timeout=0.5)
        return self._cliente

    def revogar(self, jti: str, expira_em: int) -> None:
        """Refuse this token id from now until it expires."""
        restante = max(1, expira_em - int(time.time()))
        self.redis().set(f"auth:revogado:{jti}", "1", ex=restante)

    def revogado(self, jti: str) -> bool:
        """Whether the token id was revoked; with the store unreachable, not (said in the log)."""
        if self.alvo is None:
            return False
        try:
            return bool(self.redis().exists(f"auth:revogado:{jti}"))
        except redis.RedisError as exc:
            # Fail open, bounded by the token's short life: the bus being down must not log
            # everyone out (docs/SEGURANCA.md says so).
            log.warning("revocation store unreachable", extra={"error": str(exc)})
            return False


@dataclass
class Autenticador:
    """Issues, checks and revokes tokens; checks staff credentials."""

    settings: AuthSettings
    revogacoes: Revogacoes = field(init=False)
    tentativas: Tentativas = field(init=False)

    def __post_init__(self) -> None:
        self.revogacoes = Revogacoes(self.settings.revogacao)
        self.tentativas = Tentativas(self.revogacoes.redis)
        self._chave = chave_derivada(self.settings.secret, PROPOSITO_TOKENS)

    def emitir(self, sujeito: str, papel: Papel) -> dict[str, str]:
        """A signed token for `sujeito` whose audience is `papel`, and when it expires."""
        agora = int(time.time())
        expira = agora + self.settings.token_ttl_s
        claims = {
            "iss": EMISSOR,
            "sub": sujeito,
            "aud": papel,
            "iat": agora,
            "exp": expira,
            "jti": uuid.uuid4().hex,
        }
        token = jwt.encode(claims, self._chave, algorithm=ALGORITMO)
        expira_em = datetime.fromtimestamp(expira, UTC).isoformat()
        return {"token": token, "tipo": "Bearer", "papel": papel, "expira_em": expira_em}

    def login_staff(self, usuario: str, senha: str) -> dict[str, str]:
        """A staff token for the right credentials; 401 otherwise (the same answer for either field)."""
        conta = f"staff:{usuario.lower()}"
        self.tentativas.exigir_liberada(conta)
        usuario_ok = hmac.compare_digest(usuario.encode(), self.settings.staff_usuario.encode())
        senha_ok = check_password_hash(self.settings.staff_senha_hash, senha)
        if not (usuario_ok and senha_ok):
            self.tentativas.falhou(conta)
            raise ApiError(401, "CREDENCIAIS_INVALIDAS", "Usuário ou senha inválidos.")
        self.tentativas.acertou(conta)
        return self.emitir(usuario, "staff")

    def verificar(self, token: str) -> dict[str, Any]:
        """The token's claims (with `papel`); 401 when forged, malformed, expired or revoked."""
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self._chave,
                algorithms=[ALGORITMO],
                audience=sorted(PAPEIS),
                issuer=EMISSOR,
                options={"require": ["exp", "iat", "sub", "aud", "jti", "iss"]},
            )
        except jwt.ExpiredSignatureError:
            raise ApiError(401, "TOKEN_EXPIRADO", "O token expirou; faça login de novo.") from None
        except jwt.PyJWTError:
            raise ApiError(401, "TOKEN_INVALIDO", "Token inválido.") from None
        # A list audience is valid JWT, but not one of ours (and `in` on it would not mean the same).
        if not isinstance(claims["aud"], str) or claims["aud"] not in PAPEIS:
            raise ApiError(401, "TOKEN_INVALIDO", "Token inválido.")
        if self.revogacoes.revogado(str(claims["jti"])):
            raise ApiError(401, "TOKEN_REVOGADO", "Este token foi encerrado (logout); faça login de novo.")
        return {**claims, "papel": claims["aud"]}

    def revogar(self, claims: dict[str, Any]) -> None:
        """End the token of these claims now (logout)."""
        self.revogacoes.revogar(str(claims["jti"]), int(claims["exp"]))

    def acesso_do_pedido(self, pedido_id: str) -> str:
        """The guest's access token of one order: a capability, like a shop's order-status link."""
        chave = chave_derivada(self.settings.secret, PROPOSITO_PEDIDO)
        assinatura = hmac.new(chave, pedido_id.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(assinatura).rstrip(b"=").decode()

    def acesso_valido(self, pedido_id: str, token: str) -> bool:
        """Whether `token` is the order's access token (compared in constant time)."""
        return hmac.compare_digest(self.acesso_do_pedido(pedido_id).encode(), token.encode())


def autenticador() -> Autenticador:
    """The current app's authenticator (installed by install_auth)."""
    auth: Autenticador = current_app.extensions["autenticador"]
    return auth


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise nao_autenticado()
    return token.strip()


def identidade() -> dict[str, Any] | None:
    """The caller's claims, None without a token; a token sent but not valid is 401, never ignored."""
    if "identidade" not in g:
        token = _bearer_token()
        g.identidade = autenticador().verificar(token) if token else None
    claims: dict[str, Any] | None = g.identidade
    return claims


def e_staff() -> bool:
    """Whether the caller holds a valid staff token."""
    claims = identidade()
    return claims is not None and claims["papel"] == "staff"


def cliente_logado() -> str | None:
    """The customer id of a caller with a customer token, else None."""
    claims = identidade()
    return str(claims["sub"]) if claims is not None and claims["papel"] == "cliente" else None


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def exigir_staff() -> None:
    """Let only a valid staff token through: 401 without one, 403 for a customer's."""
    claims = identidade()
    if claims is None:
        raise nao_autenticado("staff")
    so_staff(claims)


def so_staff(claims: dict[str, Any]) -> None:
    """403 unless these (verified) claims are staff's; the staff member is the request's user."""
    if claims["papel"] != "staff":
        raise ApiError(403, "PROIBIDO", "Esta operação é só para a equipe (staff).")
    g.usuario = claims["sub"]


def exigir_cliente() -> str:
    """The logged-in customer's id: 401 without a customer token."""
    cliente = cliente_logado()
    if cliente is None:
        raise nao_autenticado("cliente")
    return cliente


def staff_para_escritas(blueprint: Any) -> None:
    """Require a staff token for every write (non-GET) route of the blueprint, before validation."""

    @blueprint.before_request
    def _exigir_staff_em_escritas() -> None:
        if request.method not in SAFE_METHODS:
            exigir_staff()


def install_auth(app: Any, settings: AuthSettings | None = None) -> None:
    """Make tokens issuable and checkable in this app."""
    app.extensions["autenticador"] = Autenticador(settings or AuthSettings.from_env())
