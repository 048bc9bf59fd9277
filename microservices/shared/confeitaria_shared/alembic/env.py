"""Alembic environment shared by every service: online migrations under an advisory lock."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

_LOCK_KEY = 727_001  # any constant: two starting containers must not migrate at once


def run_migrations_online() -> None:
    """Run the migrations in one transaction while holding the migration lock."""
    url = context.config.attributes["database_url"]
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": _LOCK_KEY})
        try:
            context.configure(connection=connection, transaction_per_migration=False)
            with context.begin_transaction():
                context.run_migrations()
            connection.commit()
        finally:
            connection.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": _LOCK_KEY})
            connection.commit()
    engine.dispose()


run_migrations_online()
