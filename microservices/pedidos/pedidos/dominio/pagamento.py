"""Payments as the orders domain records them: a provider's answer, and the transação kept for it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

APROVADA, RECUSADA = "APROVADA", "RECUSADA"
# What a transação was: a charge or a refund.
PAGAMENTO, ESTORNO = "PAGAMENTO", "ESTORNO"


@dataclass(frozen=True)
class ResultadoPagamento:
    """What the provider answered for one attempt."""

    status: str
    detalhe: str
    referencia: str

    @property
    def aprovado(self) -> bool:
        """Whether the provider said yes."""
        return self.status == APROVADA


@dataclass(frozen=True)
class Transacao:
    """One payment attempt or refund of an order, as the provider answered it."""

    id: str
    pedido_id: str
    tipo: str
    valor: Decimal
    metodo: str
    resultado: ResultadoPagamento
