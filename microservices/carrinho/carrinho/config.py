"""The cart's settings, read from the environment at start."""

from __future__ import annotations

from dataclasses import dataclass

from confeitaria_shared.config import env_int, env_str


@dataclass(frozen=True)
class CarrinhoSettings:
    """Where carts live and how long an idle one is kept."""

    redis_url: str
    ttl_s: int

    @classmethod
    def from_env(cls) -> CarrinhoSettings:
        """Read REDIS_URL and CARRINHO_TTL_S (default 24 h)."""
        return cls(
            redis_url=env_str("REDIS_URL"),
            ttl_s=env_int("CARRINHO_TTL_S", 24 * 3600, minimum=60),
        )
