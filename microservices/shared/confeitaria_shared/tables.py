"""The outbox and inbox tables every PostgreSQL-backed service carries beside its own."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

metadata = sa.MetaData()

outbox = sa.Table(
    "outbox",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("event_id", UUID(as_uuid=False), nullable=False, unique=True),
    sa.Column("aggregate_type", sa.String(60), nullable=False),
    sa.Column("aggregate_id", sa.String(120), nullable=False),
    sa.Column("event_type", sa.String(80), nullable=False),
    sa.Column("payload", JSONB, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Column("published_at", sa.DateTime(timezone=True)),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_error", sa.Text),
    sa.Index(
        "ix_outbox_unpublished",
        "id",
        postgresql_where=sa.text("published_at IS NULL"),
    ),
)

inbox = sa.Table(
    "inbox",
    metadata,
    sa.Column("consumer", sa.String(80), primary_key=True),
    sa.Column("event_id", UUID(as_uuid=False), primary_key=True),
    sa.Column("event_type", sa.String(80), nullable=False),
    sa.Column("handled_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
)


def create_messaging_tables(bind: sa.engine.Connection) -> None:
    """Create the outbox and inbox (used by each service's first migration)."""
    metadata.create_all(bind, tables=[outbox, inbox])


def drop_messaging_tables(bind: sa.engine.Connection) -> None:
    """Drop the outbox and inbox (downgrade of each service's first migration)."""
    metadata.drop_all(bind, tables=[inbox, outbox])
