"""The cart's settings, read from the environment at start."""

from __future__ import annotations

import os
from dataclasses import dataclass

from confeitaria_shared.config import env_int, env_str
from confeitaria_shared.sentinela import RedisTarget


@dataclass(frozen=True)
class CarrinhoSettings:
    """Where carts live, how long an idle one is kept, its caps, and where catalog and orders answer."""

    redis: RedisTarget
    ttl_s: int
    catalogo_urls: tuple[str, ...]
    pedidos_url: str
    max_linhas: int = 50
    max_quantidade: int = 99

    @classmethod
    def from_env(cls) -> CarrinhoSettings:
        """Read REDIS_URL (+ sentinels), CARRINHO_TTL_S (24 h), CATALOGO_URLS, PEDIDOS_URL and the caps."""
        urls = os.environ.get("CATALOGO_URLS", "http://catalogo:5000,http://catalogo-replica:5000")
        return cls(
            redis=RedisTarget.from_env("REDIS"),
            ttl_s=env_int("CARRINHO_TTL_S", 24 * 3600, minimum=60),
            catalogo_urls=tuple(u.strip().rstrip("/") for u in urls.split(",") if u.strip()),
            pedidos_url=env_str("PEDIDOS_URL", "http://pedidos:5000").rstrip("/"),
            max_linhas=env_int("CARRINHO_MAX_LINHAS", 50, minimum=1),
            max_quantidade=env_int("CARRINHO_MAX_QUANTIDADE", 99, minimum=1),
        )
