"""The catalog's worker: relays the outbox, plays the saga's stock part, expires reservations."""

from __future__ import annotations

from functools import partial

from sqlalchemy.orm import Session, sessionmaker

from confeitaria_shared.contratos import eventos
from confeitaria_shared.inbox import Handler
from confeitaria_shared.unidade_sql import com_unidade
from confeitaria_shared.worker import PeriodicTask, serve_worker

from .adaptadores.unidade import UnidadeDoCatalogoSql
from .config import CatalogoSettings
from .servicos.reservas import cancelar_reserva, confirmar_venda, expirar_reservas, reservar_pedido


def handlers(settings: CatalogoSettings) -> dict[str, Handler]:
    """Event type → the use case that applies it, on a unit lent the inbox's session."""
    lenta = UnidadeDoCatalogoSql.sobre
    return {
        eventos.PEDIDO_CRIADO: com_unidade(lenta, partial(reservar_pedido, ttl_s=settings.reserva_ttl_s)),
        eventos.PEDIDO_CONFIRMADO: com_unidade(lenta, confirmar_venda),
        eventos.PEDIDO_CANCELADO: com_unidade(lenta, cancelar_reserva),
    }


def tarefas(sessions: sessionmaker[Session]) -> list[PeriodicTask]:
    """Every 5 s, release reservations whose time ran out (each run one unit of work)."""

    def expirar() -> None:
        with UnidadeDoCatalogoSql(sessions, fechar=True) as uow:
            expirar_reservas(uow)

    return [PeriodicTask("expirar_reservas", 5.0, expirar)]


if __name__ == "__main__":
    serve_worker("catalogo", handlers(CatalogoSettings.from_env()), periodic=tarefas)
