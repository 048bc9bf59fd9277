"""Customer accounts, and which customer each order belongs to (none for a guest's order)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clientes",
        sa.Column("id", UUID(as_uuid=False), primary_key=True),
        # Stored lower-cased: one account per address, however it is typed.
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("nome", sa.String(120), nullable=False),
        sa.Column("telefone", sa.String(30)),
        sa.Column("senha_hash", sa.String(255), nullable=False),
        sa.Column("criado_em", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.add_column("pedidos", sa.Column("cliente_id", UUID(as_uuid=False), nullable=True))
    op.create_index(
        "ix_pedidos_cliente_id_criado_em",
        "pedidos",
        ["cliente_id", sa.text("criado_em DESC")],
        postgresql_where=sa.text("cliente_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_pedidos_cliente_id_criado_em", table_name="pedidos")
    op.drop_column("pedidos", "cliente_id")
    op.drop_table("clientes")
