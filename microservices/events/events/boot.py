"""Container entry point: wait for events-db, migrate, serve."""

from __future__ import annotations

from pathlib import Path

from confeitaria_shared.boot import exec_gunicorn, migrate_when_ready
from confeitaria_shared.config import env_str
from confeitaria_shared.logs import configure_logging

if __name__ == "__main__":
    configure_logging("events")
    migrate_when_ready(env_str("DATABASE_URL"), Path(__file__).parent / "migrations", "events-db")
    exec_gunicorn("events:create_app()")
