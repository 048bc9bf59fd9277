"""The orders worker: relays the orders outbox, drives the saga, cancels orders stuck PENDENTE."""

from __future__ import annotations

from functools import partial

from sqlalchemy.orm import Session, sessionmaker

from confeitaria_shared.worker import PeriodicTask, in_transaction, serve_worker, worker_engine

from .config import PedidosSettings
from .handlers import expirar_pendentes, handlers
from .pagamentos import ProvedorSimulado

if __name__ == "__main__":
    settings = PedidosSettings.from_env()
    # Its own engine: a charge is remembered even when the handler's transaction rolls back. Its
    # commit need not wait for the disk (one flush per order held the whole consumer back): the
    # order's own commit, synchronous and later in the same WAL, flushes the charge with it, and
    # a charge lost with an order that never committed is asked again under the same key.
    engine = worker_engine(settings.database_url, durable=False)
    provedor = ProvedorSimulado(engine, taxa_recusa=settings.taxa_recusa)
    expirar = partial(expirar_pendentes, timeout_s=settings.timeout_pendente_s, provedor=provedor)

    def tarefas(sessions: sessionmaker[Session]) -> list[PeriodicTask]:
        """Every 5 s, cancel orders stuck PENDENTE past the timeout."""
        return [PeriodicTask("expirar_pendentes", 5.0, in_transaction(sessions, expirar))]

    serve_worker("pedidos", handlers(provedor), periodic=tarefas)
