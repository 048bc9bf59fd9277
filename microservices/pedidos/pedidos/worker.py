"""The orders worker: relays the orders outbox, drives the saga, cancels orders stuck PENDENTE."""

from __future__ import annotations

from sqlalchemy.orm import Session

from confeitaria_shared.worker import PeriodicTask, serve_worker

from .config import PedidosSettings
from .handlers import expirar_pendentes, handlers
from .pagamentos import ProvedorSimulado

if __name__ == "__main__":
    settings = PedidosSettings.from_env()
    provedor = ProvedorSimulado(taxa_recusa=settings.taxa_recusa)

    def _expirar(session: Session) -> None:
        expirar_pendentes(session, settings.timeout_pendente_s, provedor)

    serve_worker("pedidos", handlers(provedor), periodic=[PeriodicTask("expirar_pendentes", 5.0, _expirar)])
