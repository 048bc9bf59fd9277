"""The events service's own projections (orders, events per type) and the dead-letter reprocessing log."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pedidos_projetados",
        sa.Column("pedido_id", sa.String(120), primary_key=True),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("total", sa.Numeric(12, 2)),
        sa.Column("unidades", sa.Integer, nullable=False),
        sa.Column("cliente_email", sa.String(254), nullable=False),
        sa.Column("motivo_cancelamento", sa.String(60)),
        sa.Column("eventos", sa.Integer, nullable=False),
        sa.Column("criado_em", sa.DateTime(timezone=True), nullable=False),
        sa.Column("atualizado_em", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_pedidos_projetados_status", "pedidos_projetados", ["status", "atualizado_em"])
    op.create_table(
        "eventos_por_tipo",
        sa.Column("tipo", sa.String(80), primary_key=True),
        sa.Column("quantidade", sa.BigInteger, nullable=False),
        sa.Column("ultimo_em", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "reprocessamentos",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("dlq_id", sa.String(40), nullable=False),
        sa.Column("event_id", sa.String(120)),
        sa.Column("tipo", sa.String(80)),
        sa.Column("grupo", sa.String(60), nullable=False),
        sa.Column("erro", sa.Text, nullable=False),
        sa.Column("entregas", sa.Integer, nullable=False),
        sa.Column("resultado", sa.String(20), nullable=False),
        sa.Column("novo_id", sa.String(40)),
        sa.Column("detalhe", sa.Text),
        sa.Column("pedido_por", sa.String(120), nullable=False),
        sa.Column("em", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_index("ix_reprocessamentos_em", "reprocessamentos", ["em"])
    # A store that already holds events gets its projections folded from them, as a replay would.
    from sqlalchemy.orm import Session

    from events.replay import pedidos_do_armazem, reescrever

    session = Session(bind=op.get_bind())
    reescrever(session, pedidos_do_armazem(session))
    session.flush()


def downgrade() -> None:
    op.drop_table("reprocessamentos")
    op.drop_table("eventos_por_tipo")
    op.drop_table("pedidos_projetados")
