"""The catalog's worker: relays the outbox, plays the saga's stock part, expires reservations."""

from __future__ import annotations

from functools import partial

from sqlalchemy.orm import Session

from confeitaria_shared.inbox import Handler
from confeitaria_shared.worker import PeriodicTask, serve_worker

from .config import CatalogoSettings
from .reservas import cancelar_reserva, confirmar_venda, expirar_reservas, reservar_pedido


def handlers(settings: CatalogoSettings) -> dict[str, Handler]:
    """Event type → the function that applies it in the catalog."""
    return {
        "PedidoCriado": partial(reservar_pedido, ttl_s=settings.reserva_ttl_s),
        "PedidoConfirmado": confirmar_venda,
        "PedidoCancelado": cancelar_reserva,
    }


def _expirar(session: Session) -> None:
    expirar_reservas(session)


if __name__ == "__main__":
    settings = CatalogoSettings.from_env()
    serve_worker("catalogo", handlers(settings), periodic=[PeriodicTask("expirar_reservas", 5.0, _expirar)])
