"""Where a Redis is: a URL alone, or a URL's user, password and db plus the sentinels that know its master."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from redis.backoff import ExponentialWithJitterBackoff
from redis.connection import parse_url
from redis.retry import Retry
from redis.sentinel import Sentinel, SentinelManagedConnection

import redis

from .config import ConfigError, env_secret, env_secret_or_none

# Asking a sentinel must not hold a request: one that does not answer in half a second is skipped.
SENTINEL_TIMEOUT_S = 0.5

Endereco = tuple[str, int]


@dataclass(frozen=True)
class RedisTarget:
    """A Redis to connect to: `url` alone, or through `sentinels` that name `master`'s current node."""

    url: str
    sentinels: tuple[Endereco, ...] = ()
    master: str = ""
    sentinel_password: str | None = None

    @classmethod
    def from_env(cls, prefix: str, default_url: str | None = None) -> RedisTarget:
        """Read PREFIX_URL, and PREFIX_SENTINELS, PREFIX_SENTINEL_MASTER and SENTINEL_PASSWORD when set."""
        return cls._with_sentinels(prefix, env_secret(f"{prefix}_URL", default_url))

    @classmethod
    def from_env_or_none(cls, prefix: str) -> RedisTarget | None:
        """As from_env, or None when PREFIX_URL is not set (the service has no such Redis)."""
        url = env_secret_or_none(f"{prefix}_URL")
        return cls._with_sentinels(prefix, url) if url else None

    @classmethod
    def _with_sentinels(cls, prefix: str, url: str) -> RedisTarget:
        raw = os.environ.get(f"{prefix}_SENTINELS", "").strip()
        master = os.environ.get(f"{prefix}_SENTINEL_MASTER", "").strip()
        if bool(raw) != bool(master):
            raise ConfigError(f"set both {prefix}_SENTINELS and {prefix}_SENTINEL_MASTER, or neither")
        if not raw:
            return cls(url)
        sentinels = parse_sentinels(raw, f"{prefix}_SENTINELS")
        return cls(url, sentinels, master, env_secret_or_none("SENTINEL_PASSWORD"))


def parse_sentinels(raw: str, variable: str) -> tuple[Endereco, ...]:
    """`host:port,host:port` as address pairs; a missing or bad port is a ConfigError naming `variable`."""
    enderecos = []
    for item in (parte.strip() for parte in raw.split(",")):
        if not item:
            continue
        host, _, porta = item.rpartition(":")
        if not host or not porta.isdigit() or not 0 < int(porta) < 65536:
            raise ConfigError(f"{variable} must be a comma list of host:port, got {item!r}")
        enderecos.append((host, int(porta)))
    if not enderecos:
        raise ConfigError(f"{variable} names no sentinel")
    return tuple(enderecos)


class ConexaoDoMestre(SentinelManagedConnection):
    """A connection to a group's master that asks the sentinels again each time it reconnects.

    redis-py 6.4 reconnects a dropped connection inside a command's own retry with the host it
    had (Connection.connect_check_health), not through the sentinels: during a failover every
    retry went to the dead master, and once it came back as a replica, to it (READONLY).
    """

    def connect_check_health(self, check_health: bool = True, retry_socket_connect: bool = True) -> None:
        """Connect to whichever node the sentinels name master now."""
        if self._sock is None and self.connection_pool.is_master:
            self.host, self.port = self.connection_pool.get_master_address()
        super().connect_check_health(check_health=check_health, retry_socket_connect=retry_socket_connect)


def master_client(target: RedisTarget, options: dict[str, Any]) -> redis.Redis:
    """A client of the master the sentinels name now, that follows a failover without a restart.

    Each connection asks the sentinels first, also when it reconnects; a dropped connection or a
    READONLY from a demoted master (redis-py turns it into a ConnectionError) closes it, so the
    retry reconnects to whichever node leads by then. Retries as redis-py's default for a plain
    client does.
    """
    url = parse_url(target.url)
    sentinel = Sentinel(
        target.sentinels,
        sentinel_kwargs={
            "password": target.sentinel_password,
            "socket_timeout": SENTINEL_TIMEOUT_S,
            "socket_connect_timeout": SENTINEL_TIMEOUT_S,
        },
    )
    return sentinel.master_for(
        target.master,
        username=url.get("username"),
        password=url.get("password"),
        db=url.get("db", 0),
        retry=Retry(ExponentialWithJitterBackoff(base=1, cap=10), 3),
        connection_class=ConexaoDoMestre,
        **options,
    )
