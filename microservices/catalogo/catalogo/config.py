"""The catalog's settings, read from the environment at start."""

from __future__ import annotations

from dataclasses import dataclass

from confeitaria_shared.config import env_bool, env_int, env_secret, env_secret_or_none


@dataclass(frozen=True)
class CatalogoSettings:
    """Where the catalog's databases are, whether this instance only reads, how long reservations last."""

    database_url: str
    replica_url: str | None
    read_only: bool
    reserva_ttl_s: int

    @classmethod
    def from_env(cls) -> CatalogoSettings:
        """Read DATABASE_URL, DATABASE_REPLICA_URL, READ_ONLY and RESERVA_TTL_S."""
        return cls(
            database_url=env_secret("DATABASE_URL"),
            replica_url=env_secret_or_none("DATABASE_REPLICA_URL"),
            read_only=env_bool("READ_ONLY"),
            reserva_ttl_s=env_int("RESERVA_TTL_S", 15 * 60, minimum=5),
        )
