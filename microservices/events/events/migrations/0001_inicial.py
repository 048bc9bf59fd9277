"""The event store table and its indexes, and the outbox and inbox."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

from confeitaria_shared.tables import create_messaging_tables, drop_messaging_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "eventos",
        sa.Column("posicao", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("event_id", UUID(as_uuid=False), nullable=False, unique=True),
        sa.Column("tipo", sa.String(80), nullable=False),
        sa.Column("agregado_tipo", sa.String(60), nullable=False),
        sa.Column("agregado_id", sa.String(120), nullable=False),
        sa.Column("versao", sa.Integer, nullable=False),
        sa.Column("ocorrido_em", sa.DateTime(timezone=True), nullable=False),
        sa.Column("produtor", sa.String(60), nullable=False),
        sa.Column("correlation_id", sa.String(128)),
        sa.Column("causation_id", sa.String(128)),
        sa.Column("dados", JSONB, nullable=False),
        sa.Column("armazenado_em", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_index("ix_eventos_tipo_ocorrido_em", "eventos", ["tipo", "ocorrido_em"])
    op.create_index("ix_eventos_agregado", "eventos", ["agregado_tipo", "agregado_id", "versao"])
    op.create_index("ix_eventos_correlation_id", "eventos", ["correlation_id"])
    create_messaging_tables(op.get_bind())


def downgrade() -> None:
    drop_messaging_tables(op.get_bind())
    op.drop_table("eventos")
