"""The orders worker: relays the orders outbox and consumes the saga's replies."""

from __future__ import annotations

from confeitaria_shared.inbox import Handler
from confeitaria_shared.worker import serve_worker

# The saga's steps (EstoqueReservado, EstoqueInsuficiente, ...) land here.
HANDLERS: dict[str, Handler] = {}

if __name__ == "__main__":
    serve_worker("pedidos", HANDLERS)
