"""Indexes for every public filter of the event store's queries, each ending in the store's position."""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# A page is ordered by position (the cursor): an index of (filter, posicao) reads the page in
# order and stops at its LIMIT, however many events match the filter.
INDICES = {
    "ix_eventos_tipo_posicao": ["tipo", "posicao"],
    "ix_eventos_agregado_tipo_posicao": ["agregado_tipo", "posicao"],
    "ix_eventos_agregado_id_posicao": ["agregado_id", "posicao"],
    "ix_eventos_correlation_posicao": ["correlation_id", "posicao"],
    # The period alone (desde, ate), and the bench's event lag: a range read, then sorted.
    "ix_eventos_ocorrido_em": ["ocorrido_em"],
}


def upgrade() -> None:
    for nome, colunas in INDICES.items():
        op.create_index(nome, "eventos", colunas)
    # Superseded: a correlation's events are read through (correlation_id, posicao).
    op.drop_index("ix_eventos_correlation_id", "eventos")


def downgrade() -> None:
    op.create_index("ix_eventos_correlation_id", "eventos", ["correlation_id"])
    for nome in INDICES:
        op.drop_index(nome, "eventos")
