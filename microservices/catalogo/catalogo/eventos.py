"""The catalog's domain events, staged in the outbox of the caller's transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from confeitaria_shared.envelope import EventEnvelope, domain_event
from confeitaria_shared.outbox import add_to_outbox

PRODUTOR = "catalogo"


def publicar_de_produto(
    session: Session, tipo: str, produto_id: int, versao: int, dados: dict[str, Any]
) -> None:
    """Stage an event about a product (ProdutoCriado, PrecoAlterado, EstoqueAjustado...)."""
    add_to_outbox(session, domain_event(tipo, "Produto", produto_id, dados, PRODUTOR, version=versao))


def publicar_de_reserva(
    session: Session,
    tipo: str,
    pedido_id: str,
    versao: int,
    dados: dict[str, Any],
    causa: EventEnvelope | None,
) -> None:
    """Stage an event about an order's reservation (EstoqueReservado, EstoqueLiberado...)."""
    evento = domain_event(
        tipo, "Reserva", pedido_id, {"pedido_id": pedido_id, **dados}, PRODUTOR, versao, causa
    )
    add_to_outbox(session, evento)
