"""The simulated payment provider's ledger: one row per idempotency key, its first answer."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "operacoes_simuladas",
        # The key is the provider's memory: a charge or refund repeated with it is not done again.
        sa.Column("chave_idempotencia", sa.String(120), primary_key=True),
        sa.Column("pedido_id", UUID(as_uuid=False), nullable=False),
        sa.Column("tipo", sa.String(20), nullable=False),
        sa.Column("valor", sa.Numeric(12, 2), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("detalhe", sa.Text, nullable=False),
        sa.Column("referencia", sa.String(80), nullable=False),
        sa.Column("criado_em", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_index("ix_operacoes_simuladas_pedido_id", "operacoes_simuladas", ["pedido_id"])


def downgrade() -> None:
    op.drop_table("operacoes_simuladas")
