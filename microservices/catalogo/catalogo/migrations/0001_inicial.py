"""Categories, products, and the outbox and inbox."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from confeitaria_shared.tables import create_messaging_tables, drop_messaging_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "categorias",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("nome", sa.String(80), nullable=False, unique=True),
        sa.Column("descricao", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "produtos",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("nome", sa.String(120), nullable=False, unique=True),
        sa.Column("descricao", sa.Text, nullable=False, server_default=""),
        sa.Column("preco", sa.Numeric(10, 2), nullable=False),
        sa.Column("estoque", sa.Integer, nullable=False, server_default="0"),
        sa.Column("categoria_id", sa.Integer, sa.ForeignKey("categorias.id"), nullable=False),
        sa.Column("ativo", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("imagem_url", sa.String(300)),
        sa.Column("versao", sa.Integer, nullable=False, server_default="1"),
        sa.Column("criado_em", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("atualizado_em", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint("estoque >= 0", name="ck_produtos_estoque_nao_negativo"),
        sa.CheckConstraint("preco > 0", name="ck_produtos_preco_positivo"),
    )
    op.create_index("ix_produtos_categoria_id", "produtos", ["categoria_id"])
    create_messaging_tables(op.get_bind())


def downgrade() -> None:
    drop_messaging_tables(op.get_bind())
    op.drop_table("produtos")
    op.drop_table("categorias")
