"""The events worker: stores every event of the shared stream in the event store."""

from __future__ import annotations

from confeitaria_shared.inbox import ALL_EVENTS, Handler
from confeitaria_shared.worker import serve_worker

from .armazenamento import armazenar_evento

HANDLERS: dict[str, Handler] = {ALL_EVENTS: armazenar_evento}

if __name__ == "__main__":
    serve_worker("events", HANDLERS, relay=False)
