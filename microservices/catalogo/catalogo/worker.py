"""The catalog's worker: relays the catalog outbox and consumes the events it reacts to."""

from __future__ import annotations

from confeitaria_shared.inbox import Handler
from confeitaria_shared.worker import serve_worker

# The saga's stock steps (PedidoCriado, PedidoConfirmado, PedidoCancelado) land here.
HANDLERS: dict[str, Handler] = {}

if __name__ == "__main__":
    serve_worker("catalogo", HANDLERS)
