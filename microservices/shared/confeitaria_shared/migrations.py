"""Alembic migrations applied from code: one shared env, each service's own versions folder."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

_SCRIPT_LOCATION = Path(__file__).parent / "alembic"


def alembic_config(database_url: str, versions_dir: Path) -> Config:
    """An Alembic config pointing at the shared env and the service's versions."""
    config = Config()
    config.set_main_option("script_location", str(_SCRIPT_LOCATION))
    config.set_main_option("version_locations", str(versions_dir))
    config.set_main_option("path_separator", "os")
    config.attributes["database_url"] = database_url
    return config


def upgrade_to_head(database_url: str, versions_dir: Path) -> None:
    """Apply every pending migration (serialised by an advisory lock in env.py)."""
    command.upgrade(alembic_config(database_url, versions_dir), "head")
