"""Partial indexes (active products only) for the list's orders, filters, counts and search."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ATIVOS = sa.text("ativo")
# One per sort order, with the id that breaks ties (always ascending), so a page is read in order
# and stops at LIMIT. Newest first is the default of `recentes`, and products made in one
# transaction share their time: (criado_em DESC, id) reads them without sorting the whole group.
ORDENS = {
    "ix_produtos_ativos_nome": [sa.text("nome"), sa.text("id")],
    "ix_produtos_ativos_preco": [sa.text("preco"), sa.text("id")],
    "ix_produtos_ativos_recentes": [sa.text("criado_em DESC"), sa.text("id")],
}


def upgrade() -> None:
    for nome, colunas in ORDENS.items():
        op.create_index(nome, "produtos", colunas, postgresql_where=ATIVOS)
    # Category, price range and stock filters, and their count, from the index alone (index-only).
    op.create_index(
        "ix_produtos_ativos_categoria_preco",
        "produtos",
        ["categoria_id", "preco"],
        postgresql_include=["estoque"],
        postgresql_where=ATIVOS,
    )
    # Search over active products only: the count of a broad search needs no heap row for `ativo`,
    # so a bitmap scan skips the pages the visibility map says are all visible.
    op.create_index(
        "ix_produtos_ativos_busca", "produtos", ["busca"], postgresql_using="gin", postgresql_where=ATIVOS
    )
    # Superseded by the partial indexes above (every list reads active products only).
    op.drop_index("ix_produtos_busca", "produtos")
    op.drop_index("ix_produtos_preco", "produtos")
    op.drop_index("ix_produtos_criado_em", "produtos")


def downgrade() -> None:
    op.create_index("ix_produtos_criado_em", "produtos", ["criado_em"])
    op.create_index("ix_produtos_preco", "produtos", ["preco"])
    op.create_index("ix_produtos_busca", "produtos", ["busca"], postgresql_using="gin")
    op.drop_index("ix_produtos_ativos_busca", "produtos")
    op.drop_index("ix_produtos_ativos_categoria_preco", "produtos")
    for nome in ORDENS:
        op.drop_index(nome, "produtos")
