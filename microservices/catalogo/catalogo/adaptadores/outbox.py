"""The catalog's domain events, staged in the outbox of the unit's transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from confeitaria_shared.envelope import EventEnvelope, domain_event
from confeitaria_shared.outbox import add_to_outbox

PRODUTOR = "catalogo"


class OutboxDoCatalogo:
    """Stages events on the session: they are published only if its transaction commits."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def de_produto(self, tipo: str, produto_id: int, versao: int, dados: Mapping[str, Any]) -> None:
        """Stage an event about a product (ProdutoCriado, PrecoAlterado, EstoqueAjustado...)."""
        evento = domain_event(tipo, "Produto", produto_id, dict(dados), PRODUTOR, version=versao)
        add_to_outbox(self._session, evento)

    def de_reserva(
        self, tipo: str, pedido_id: str, versao: int, dados: Mapping[str, Any], causa: EventEnvelope | None
    ) -> None:
        """Stage an event about an order's reservation (EstoqueReservado, EstoqueLiberado...)."""
        evento = domain_event(
            tipo, "Reserva", pedido_id, {"pedido_id": pedido_id, **dados}, PRODUTOR, versao, causa
        )
        add_to_outbox(self._session, evento)
