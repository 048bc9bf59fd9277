"""Container entry point: wait for the database, migrate and seed (primary only), serve."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from confeitaria_shared.boot import exec_gunicorn, migrate_when_ready, start, wait_until_ready
from confeitaria_shared.stores import create_engine

from .config import CatalogoSettings
from .seed import load_seed

MIGRATIONS = Path(__file__).parent / "migrations"


def prepare_database(settings: CatalogoSettings) -> None:
    """Bring the schema to head and load the seed; a read-only replica waits for both instead."""
    engine = create_engine(settings.database_url)
    if settings.read_only:
        wait_until_ready("catalog schema on the replica", lambda: _schema_present(engine), timeout_s=300)
    else:
        migrate_when_ready(settings.database_url, MIGRATIONS, "catalogo-db")
        with sa.orm.Session(engine) as session, session.begin():
            load_seed(session)
    engine.dispose()


def _schema_present(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        conn.execute(sa.text("SELECT 1 FROM produtos LIMIT 1"))


if __name__ == "__main__":
    start("catalogo")
    prepare_database(CatalogoSettings.from_env())
    exec_gunicorn("catalogo:create_app()")
