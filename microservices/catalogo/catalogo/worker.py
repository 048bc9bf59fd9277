"""The catalog's worker: relays the outbox, plays the saga's stock part, expires reservations."""

from __future__ import annotations

from functools import partial

from sqlalchemy.orm import Session, sessionmaker

from confeitaria_shared.inbox import Handler
from confeitaria_shared.worker import PeriodicTask, in_transaction, serve_worker

from .config import CatalogoSettings
from .reservas import cancelar_reserva, confirmar_venda, expirar_reservas, reservar_pedido


def handlers(settings: CatalogoSettings) -> dict[str, Handler]:
    """Event type → the function that applies it in the catalog."""
    return {
        "PedidoCriado": partial(reservar_pedido, ttl_s=settings.reserva_ttl_s),
        "PedidoConfirmado": confirmar_venda,
        "PedidoCancelado": cancelar_reserva,
    }


def tarefas(sessions: sessionmaker[Session]) -> list[PeriodicTask]:
    """Every 5 s, release reservations whose time ran out."""
    return [PeriodicTask("expirar_reservas", 5.0, in_transaction(sessions, expirar_reservas))]


if __name__ == "__main__":
    serve_worker("catalogo", handlers(CatalogoSettings.from_env()), periodic=tarefas)
