"""Events as another service would send them, for tests that hand a use case or a handler its input."""

from __future__ import annotations

from typing import Any

from confeitaria_shared.envelope import EventEnvelope


def do_pedido(tipo: str, pedido_id: str, **dados: Any) -> EventEnvelope:
    """An event of the orders service about `pedido_id`, in that order's correlation."""
    return EventEnvelope(
        type=tipo,
        aggregate_type="Pedido",
        aggregate_id=pedido_id,
        data={"pedido_id": pedido_id, **dados},
        producer="pedidos",
        correlation_id=f"corr-{pedido_id}",
    )


def da_reserva(tipo: str, pedido_id: str, **dados: Any) -> EventEnvelope:
    """An event of the catalog about the reservation of order `pedido_id`."""
    return EventEnvelope(
        type=tipo,
        aggregate_type="Reserva",
        aggregate_id=pedido_id,
        data={"pedido_id": pedido_id, **dados},
        producer="catalogo",
    )
