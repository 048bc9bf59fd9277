"""The orders worker: relays the orders outbox, drives the saga, cancels orders stuck PENDENTE."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from confeitaria_shared.worker import PeriodicTask, serve_worker, worker_engine

from .adaptadores.pagamentos import ProvedorSimulado
from .adaptadores.unidade import UnidadeSqlDePedidos
from .config import PedidosSettings
from .handlers import handlers
from .servicos.portas import ProvedorDePagamento
from .servicos.saga import expirar_pendentes


def tarefas(
    sessions: sessionmaker[Session], timeout_s: int, provedor: ProvedorDePagamento
) -> list[PeriodicTask]:
    """Every 5 s, cancel orders stuck PENDENTE past the timeout, in a unit of work of its own."""

    def expirar() -> None:
        with UnidadeSqlDePedidos(sessions, fechar=True) as uow:
            expirar_pendentes(uow, timeout_s, provedor)

    return [PeriodicTask("expirar_pendentes", 5.0, expirar)]


if __name__ == "__main__":
    settings = PedidosSettings.from_env()
    # Its own engine: a charge is remembered even when the handler's transaction rolls back. Its
    # commit need not wait for the disk (one flush per order held the whole consumer back): the
    # order's own commit, synchronous and later in the same WAL, flushes the charge with it, and
    # a charge lost with an order that never committed is asked again under the same key.
    engine = worker_engine(settings.database_url, durable=False)
    provedor = ProvedorSimulado(engine, taxa_recusa=settings.taxa_recusa)
    serve_worker(
        "pedidos",
        handlers(provedor),
        periodic=lambda sessions: tarefas(sessions, settings.timeout_pendente_s, provedor),
    )
