"""Stock ledger, reservations per order, active categories, and accent-insensitive Portuguese search."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    # A text search configuration that folds accents: "pao de queijo" finds "Pão de Queijo".
    op.execute("CREATE TEXT SEARCH CONFIGURATION pt_sem_acento (COPY = portuguese)")
    op.execute(
        "ALTER TEXT SEARCH CONFIGURATION pt_sem_acento "
        "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, portuguese_stem"
    )
    op.execute(
        "ALTER TABLE produtos ADD COLUMN busca tsvector GENERATED ALWAYS AS "
        "(setweight(to_tsvector('pt_sem_acento', nome), 'A') || "
        "setweight(to_tsvector('pt_sem_acento', descricao), 'B')) STORED"
    )
    op.create_index("ix_produtos_busca", "produtos", ["busca"], postgresql_using="gin")
    op.create_index("ix_produtos_preco", "produtos", ["preco"])
    op.create_index("ix_produtos_criado_em", "produtos", ["criado_em"])
    op.add_column("categorias", sa.Column("ativo", sa.Boolean, nullable=False, server_default=sa.true()))
    op.add_column("categorias", sa.Column("versao", sa.Integer, nullable=False, server_default="1"))
    op.create_table(
        "movimentos_estoque",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("produto_id", sa.Integer, sa.ForeignKey("produtos.id"), nullable=False),
        sa.Column("delta", sa.Integer, nullable=False),
        sa.Column("estoque_resultante", sa.Integer, nullable=False),
        sa.Column("motivo", sa.String(20), nullable=False),
        sa.Column("pedido_id", sa.String(64)),
        sa.Column("correlation_id", sa.String(128)),
        sa.Column("criado_em", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint("estoque_resultante >= 0", name="ck_movimentos_estoque_resultante"),
    )
    op.create_index("ix_movimentos_produto_tempo", "movimentos_estoque", ["produto_id", "criado_em", "id"])
    # The ledger is append-only: the database refuses to change or delete a movement.
    op.execute(
        "CREATE FUNCTION movimentos_somente_insercao() RETURNS trigger LANGUAGE plpgsql AS "
        "$$BEGIN RAISE EXCEPTION 'movimentos_estoque is append-only'; END$$"
    )
    op.execute(
        "CREATE TRIGGER movimentos_somente_insercao BEFORE UPDATE OR DELETE ON movimentos_estoque "
        "FOR EACH ROW EXECUTE FUNCTION movimentos_somente_insercao()"
    )
    # Every product of the seed gets its opening movement, so the history starts complete.
    op.execute(
        "INSERT INTO movimentos_estoque (produto_id, delta, estoque_resultante, motivo, criado_em) "
        "SELECT id, estoque, estoque, 'inicial', criado_em FROM produtos"
    )
    op.create_table(
        "reservas",
        sa.Column("pedido_id", sa.String(64), primary_key=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("itens", JSONB, nullable=False),
        sa.Column("expira_em", sa.DateTime(timezone=True), nullable=False),
        sa.Column("criado_em", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("atualizado_em", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_index(
        "ix_reservas_ativas_expira_em",
        "reservas",
        ["expira_em"],
        postgresql_where=sa.text("status = 'RESERVADA'"),
    )


def downgrade() -> None:
    op.drop_table("reservas")
    op.drop_table("movimentos_estoque")
    op.execute("DROP FUNCTION movimentos_somente_insercao()")
    op.drop_column("categorias", "versao")
    op.drop_column("categorias", "ativo")
    op.drop_index("ix_produtos_criado_em")
    op.drop_index("ix_produtos_preco")
    op.drop_index("ix_produtos_busca")
    op.drop_column("produtos", "busca")
    op.execute("DROP TEXT SEARCH CONFIGURATION pt_sem_acento")
