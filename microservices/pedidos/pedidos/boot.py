"""Container entry point: wait for pedidos-db, migrate, serve."""

from __future__ import annotations

from pathlib import Path

from confeitaria_shared.boot import exec_gunicorn, migrate_when_ready, start
from confeitaria_shared.config import env_secret

if __name__ == "__main__":
    start("pedidos")
    migrate_when_ready(env_secret("DATABASE_URL"), Path(__file__).parent / "migrations", "pedidos-db")
    exec_gunicorn("pedidos:create_app()")
