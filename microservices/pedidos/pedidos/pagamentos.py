"""Payments behind an interface a real provider could implement; the project ships a simulated one."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

APROVADA, RECUSADA = "APROVADA", "RECUSADA"
# A test card that is always declined, like the providers' own sandboxes.
CARTAO_RECUSADO_PADRAO = "4000000000000002"


@dataclass(frozen=True)
class ResultadoPagamento:
    """What the provider answered for one attempt."""

    status: str
    detalhe: str
    referencia: str


class ProvedorDePagamento(Protocol):
    """Charges and refunds orders."""

    def cobrar(self, pedido_id: str, valor: Decimal, pagamento: dict[str, Any]) -> ResultadoPagamento:
        """Charge `valor` for the order with the given method data."""

    def estornar(self, pedido_id: str, valor: Decimal) -> ResultadoPagamento:
        """Give `valor` back for the order."""


@dataclass
class ProvedorSimulado:
    """Approves everything except the declining test card and a configurable random share."""

    taxa_recusa: float = 0.0
    cartao_recusado: str = CARTAO_RECUSADO_PADRAO

    def cobrar(self, pedido_id: str, valor: Decimal, pagamento: dict[str, Any]) -> ResultadoPagamento:
        """Decline the test card or, with probability taxa_recusa, any attempt."""
        referencia = f"sim-{pedido_id[:8]}"
        # Only the card's last digits are kept: the declining test card is recognised by them.
        if pagamento.get("metodo") == "cartao" and pagamento.get("cartao_final") == self.cartao_recusado[-4:]:
            return ResultadoPagamento(RECUSADA, "cartão recusado pelo emissor (cartão de teste)", referencia)
        if self.taxa_recusa and random.random() < self.taxa_recusa:
            return ResultadoPagamento(RECUSADA, "recusado pela taxa de recusa simulada", referencia)
        return ResultadoPagamento(APROVADA, f"aprovado ({pagamento.get('metodo')})", referencia)

    def estornar(self, pedido_id: str, valor: Decimal) -> ResultadoPagamento:
        """Refunds always succeed in the simulation."""
        return ResultadoPagamento(APROVADA, "estorno aprovado", f"sim-estorno-{pedido_id[:8]}")
