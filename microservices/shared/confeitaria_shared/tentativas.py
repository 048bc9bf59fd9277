"""Login backoff per account and address: after a few wrong passwords, a longer wait before each try."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from flask import request

import redis

from .errors import ApiError

log = logging.getLogger(__name__)

LIVRES = 5
ESPERA_MAX_S = 15 * 60
JANELA_S = 60 * 60


def espera_apos(falhas: int) -> int:
    """Seconds an account waits after `falhas` wrong passwords in a row: 0, then 1, 2, 4... up to 15 min."""
    if falhas < LIVRES:
        return 0
    return int(min(2 ** (falhas - LIVRES), ESPERA_MAX_S))


def _de_onde(conta: str) -> str:
    # Per account *and* address: someone guessing from elsewhere cannot lock the owner out.
    # X-Real-IP is the gateway's; the service ports answer only on this machine's loopback.
    endereco = request.headers.get("X-Real-IP") or request.remote_addr or "?"
    return f"{conta}|{endereco}"


@dataclass(frozen=True)
class Tentativas:
    """Counts wrong passwords per account and address; refuses tries during the wait, before hashing."""

    redis: Callable[[], redis.Redis]

    def exigir_liberada(self, conta: str) -> None:
        """429 with Retry-After while the account is waiting after too many wrong passwords."""
        conta = _de_onde(conta)
        try:
            espera = int(cast(Any, self.redis()).ttl(f"auth:bloqueio:{conta}"))
        except redis.RedisError as exc:
            log.warning("login backoff store unreachable", extra={"error": str(exc)})
            return
        if espera > 0:
            raise ApiError(
                429,
                "MUITAS_TENTATIVAS",
                f"Senha errada vezes demais; tente de novo em {espera} s.",
                retry_after_s=espera,
            )

    def falhou(self, conta: str) -> None:
        """Count a wrong password and start the account's wait when it is due."""
        conta = _de_onde(conta)
        try:
            pipe = self.redis().pipeline()
            pipe.incr(f"auth:falhas:{conta}")
            pipe.expire(f"auth:falhas:{conta}", JANELA_S)
            falhas = int(pipe.execute()[0])
            if espera := espera_apos(falhas):
                self.redis().set(f"auth:bloqueio:{conta}", falhas, ex=espera)
        except redis.RedisError as exc:
            log.warning("login backoff store unreachable", extra={"error": str(exc)})

    def acertou(self, conta: str) -> None:
        """A right password clears the account's count."""
        conta = _de_onde(conta)
        try:
            self.redis().delete(f"auth:falhas:{conta}", f"auth:bloqueio:{conta}")
        except redis.RedisError as exc:
            log.warning("login backoff store unreachable", extra={"error": str(exc)})
