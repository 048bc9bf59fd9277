"""The simulated payment provider: the project's implementation of the payment port (servicos.portas)."""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID, insert

from ..dominio.pagamento import APROVADA, ESTORNO, PAGAMENTO, RECUSADA, ResultadoPagamento

# A test card that is always declined, like the providers' own sandboxes.
CARTAO_RECUSADO_PADRAO = "4000000000000002"
# A test card that is charged but whose refund the provider refuses (Stripe's sandbox has one).
CARTAO_ESTORNO_RECUSADO_PADRAO = "4000000000005126"

# The simulated provider's own ledger. It lives in the orders database only for convenience: it
# is written on the provider's own connection, never in the caller's transaction, as a real
# provider's records would be.
_metadata = sa.MetaData()
operacoes_simuladas = sa.Table(
    "operacoes_simuladas",
    _metadata,
    sa.Column("chave_idempotencia", sa.String(120), primary_key=True),
    sa.Column("pedido_id", UUID(as_uuid=False), nullable=False),
    sa.Column("tipo", sa.String(20), nullable=False),
    sa.Column("valor", sa.Numeric(12, 2), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("detalhe", sa.Text, nullable=False),
    sa.Column("referencia", sa.String(80), nullable=False),
    sa.Column("criado_em", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
)


def _cartao_final(pagamento: dict[str, Any]) -> str | None:
    # Only the card's last digits are kept: the test cards are recognised by them.
    return pagamento.get("cartao_final") if pagamento.get("metodo") == "cartao" else None


@dataclass
class ProvedorSimulado:
    """Approves everything except its test cards and a configurable random share of charges."""

    engine: sa.Engine
    taxa_recusa: float = 0.0
    cartao_recusado: str = CARTAO_RECUSADO_PADRAO
    cartao_estorno_recusado: str = CARTAO_ESTORNO_RECUSADO_PADRAO

    def cobrar(
        self, pedido_id: str, valor: Decimal, pagamento: dict[str, Any], chave_idempotencia: str
    ) -> ResultadoPagamento:
        """Decline the test card or, with probability taxa_recusa, any attempt."""
        referencia = f"sim-{pedido_id[:8]}"
        if _cartao_final(pagamento) == self.cartao_recusado[-4:]:
            resultado = ResultadoPagamento(
                RECUSADA, "cartão recusado pelo emissor (cartão de teste)", referencia
            )
        elif self.taxa_recusa and random.random() < self.taxa_recusa:
            resultado = ResultadoPagamento(RECUSADA, "recusado pela taxa de recusa simulada", referencia)
        else:
            resultado = ResultadoPagamento(APROVADA, f"aprovado ({pagamento.get('metodo')})", referencia)
        return self._registrar(chave_idempotencia, pedido_id, PAGAMENTO, valor, resultado)

    def estornar(
        self, pedido_id: str, valor: Decimal, pagamento: dict[str, Any], chave_idempotencia: str
    ) -> ResultadoPagamento:
        """Refuse the refund of the refund-refusing test card; approve every other one."""
        referencia = f"sim-estorno-{pedido_id[:8]}"
        if _cartao_final(pagamento) == self.cartao_estorno_recusado[-4:]:
            resultado = ResultadoPagamento(
                RECUSADA, "estorno recusado pelo emissor (cartão de teste)", referencia
            )
        else:
            resultado = ResultadoPagamento(APROVADA, "estorno aprovado", referencia)
        return self._registrar(chave_idempotencia, pedido_id, ESTORNO, valor, resultado)

    def _registrar(
        self, chave: str, pedido_id: str, tipo: str, valor: Decimal, resultado: ResultadoPagamento
    ) -> ResultadoPagamento:
        """Record the operation under its key in its own transaction; a known key returns the first answer."""
        with self.engine.begin() as conn:
            # Insert-or-nothing is atomic: two callers racing with one key both get the first answer.
            inserida = conn.execute(
                insert(operacoes_simuladas)
                .values(
                    chave_idempotencia=chave, pedido_id=pedido_id, tipo=tipo, valor=valor, **asdict(resultado)
                )
                .on_conflict_do_nothing()
                .returning(operacoes_simuladas.c.chave_idempotencia)
            ).first()
            if inserida is not None:
                return resultado
            primeira = conn.execute(
                sa.select(
                    operacoes_simuladas.c.status,
                    operacoes_simuladas.c.detalhe,
                    operacoes_simuladas.c.referencia,
                ).where(operacoes_simuladas.c.chave_idempotencia == chave)
            ).one()
        return ResultadoPagamento(primeira.status, primeira.detalhe, primeira.referencia)
