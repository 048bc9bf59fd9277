"""Cart sessions in Redis: an unguessable id, an idle TTL renewed by every use."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import redis
from confeitaria_shared.errors import ApiError

_SESSION_ID = re.compile(r"^[0-9a-f]{32}$")


def validar_session_id(session_id: str) -> str:
    """Reject anything that cannot be a session id before it reaches Redis."""
    if not _SESSION_ID.match(session_id):
        raise ApiError(400, "SESSAO_INVALIDA", "session_id malformado: esperados 32 caracteres hexadecimais.")
    return session_id


@dataclass
class RepositorioDeSessoes:
    """Creates, renews and reads cart sessions."""

    redis: redis.Redis
    ttl_s: int

    def criar(self) -> dict[str, str]:
        """A new empty session with its expiry time."""
        session_id = secrets.token_hex(16)
        agora = datetime.now(UTC)
        self.redis.set(self._chave(session_id), agora.isoformat(), ex=self.ttl_s, nx=True)
        return {"session_id": session_id, "expira_em": self._expira_em(agora)}

    def renovar(self, session_id: str) -> str:
        """Renew an existing session's TTL and return its new expiry; 404 when it does not exist."""
        validar_session_id(session_id)
        if not self.redis.expire(self._chave(session_id), self.ttl_s):
            raise ApiError(404, "SESSAO_NAO_ENCONTRADA", "Sessão de carrinho não encontrada ou expirada.")
        return self._expira_em(datetime.now(UTC))

    def _expira_em(self, agora: datetime) -> str:
        return (agora + timedelta(seconds=self.ttl_s)).isoformat()

    @staticmethod
    def _chave(session_id: str) -> str:
        return f"carrinho:{session_id}:sessao"
