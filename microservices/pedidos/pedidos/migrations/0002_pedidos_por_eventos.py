"""Event-sourced orders: the order events, the read model and the payment transactions."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("pedidos")  # the foundation's placeholder read model, never written
    op.create_table(
        "eventos_pedido",
        sa.Column("pedido_id", UUID(as_uuid=False), primary_key=True),
        # (pedido_id, versao) is the key: two writers can never both append version N.
        sa.Column("versao", sa.Integer, primary_key=True),
        sa.Column("event_id", UUID(as_uuid=False), nullable=False, unique=True),
        sa.Column("tipo", sa.String(60), nullable=False),
        sa.Column("dados", JSONB, nullable=False),
        sa.Column("correlation_id", sa.String(128)),
        sa.Column("causation_id", sa.String(128)),
        sa.Column("ocorrido_em", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "pedidos",
        sa.Column("id", UUID(as_uuid=False), primary_key=True),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("versao", sa.Integer, nullable=False),
        sa.Column("cliente_email", sa.String(254), nullable=False),
        sa.Column("cliente", JSONB, nullable=False),
        sa.Column("entrega", JSONB, nullable=False),
        sa.Column("pagamento_metodo", sa.String(20), nullable=False),
        sa.Column("itens", JSONB, nullable=False),
        sa.Column("total", sa.Numeric(12, 2)),
        sa.Column("motivo_cancelamento", sa.String(40)),
        sa.Column("historico", JSONB, nullable=False),
        sa.Column("idempotency_key", sa.String(200), nullable=False, unique=True),
        sa.Column("corpo_hash", sa.String(64), nullable=False),
        sa.Column("criado_em", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("atualizado_em", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_index("ix_pedidos_status_criado_em", "pedidos", ["status", "criado_em"])
    op.create_index("ix_pedidos_cliente_email", "pedidos", ["cliente_email"])
    op.create_table(
        "transacoes",
        sa.Column("id", UUID(as_uuid=False), primary_key=True),
        sa.Column("pedido_id", UUID(as_uuid=False), sa.ForeignKey("pedidos.id"), nullable=False),
        sa.Column("tipo", sa.String(20), nullable=False),
        sa.Column("valor", sa.Numeric(12, 2), nullable=False),
        sa.Column("metodo", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("detalhe", sa.Text, nullable=False),
        sa.Column("referencia", sa.String(80), nullable=False),
        sa.Column("criado_em", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("atualizado_em", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        # One charge and at most one refund per order, whatever redelivers.
        sa.UniqueConstraint("pedido_id", "tipo", name="uq_transacoes_pedido_tipo"),
    )
    op.create_index("ix_transacoes_criado_em", "transacoes", ["criado_em"])


def downgrade() -> None:
    op.drop_table("transacoes")
    op.drop_table("pedidos")
    op.drop_table("eventos_pedido")
    op.create_table(
        "pedidos",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("cliente_email", sa.String(254), nullable=False),
        sa.Column("total", sa.Numeric(12, 2), nullable=False),
        sa.Column("criado_em", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("atualizado_em", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
