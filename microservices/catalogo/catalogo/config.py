"""The catalog's settings, read from the environment at start."""

from __future__ import annotations

from dataclasses import dataclass

from confeitaria_shared.config import env_bool, env_str


@dataclass(frozen=True)
class CatalogoSettings:
    """Where the catalog's database is and whether this instance only reads."""

    database_url: str
    read_only: bool

    @classmethod
    def from_env(cls) -> CatalogoSettings:
        """Read DATABASE_URL and READ_ONLY."""
        return cls(database_url=env_str("DATABASE_URL"), read_only=env_bool("READ_ONLY"))
