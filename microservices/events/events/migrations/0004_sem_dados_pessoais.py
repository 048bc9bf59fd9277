"""No personal data in the events store: stored payloads lose customer, address and card digits.

Before, PedidoCriado and EntregaAlterada reached the store with the customer's name, e-mail and
phone, the delivery address and the card's last digits, and the orders projection kept the
customer's e-mail. Those stay in the orders service's own store now; here an order knows its
customer by `cliente_id` only (None for a guest's order, and for every order from before).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from confeitaria_shared.privacidade import CAMINHOS_PESSOAIS, CHAVES_PESSOAIS

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _sem_dados_pessoais() -> sa.TextClause:
    # One statement over the rows that carry any of the fields; `#-` of an absent path is a no-op.
    chaves = ", ".join(f"'{chave}'" for chave in CHAVES_PESSOAIS)
    remover = f"dados - ARRAY[{chaves}]::text[]"
    for caminho in CAMINHOS_PESSOAIS:
        remover = f"({remover}) #- '{{{','.join(caminho)}}}'"
    tem = " OR ".join(
        [f"dados ?| ARRAY[{chaves}]::text[]"]
        + [f"dados #> '{{{','.join(caminho)}}}' IS NOT NULL" for caminho in CAMINHOS_PESSOAIS]
    )
    return sa.text(f"UPDATE eventos SET dados = {remover} WHERE {tem}")


def upgrade() -> None:
    op.execute(_sem_dados_pessoais())
    op.drop_column("pedidos_projetados", "cliente_email")
    op.add_column("pedidos_projetados", sa.Column("cliente_id", sa.String(120)))
    # Orders created with a customer reference (none before this change) get it in their row.
    op.execute(
        "UPDATE pedidos_projetados AS p SET cliente_id = e.dados ->> 'cliente_id' FROM eventos AS e "
        "WHERE e.tipo = 'PedidoCriado' AND e.agregado_tipo = 'Pedido' AND e.agregado_id = p.pedido_id "
        "AND e.dados ->> 'cliente_id' IS NOT NULL"
    )


def downgrade() -> None:
    # The stripped fields are gone for good here: the orders service's store still has them.
    op.drop_column("pedidos_projetados", "cliente_id")
    op.add_column(
        "pedidos_projetados",
        sa.Column("cliente_email", sa.String(254), nullable=False, server_default=""),
    )
