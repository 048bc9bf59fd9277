"""Read-side queries of the orders service."""

from __future__ import annotations

from datetime import UTC
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from confeitaria_shared.errors import ApiError

from .models import EventoPedido, PedidoLido, Transacao
from .schemas import PedidosQuery, TransacoesQuery


def obter_pedido(session: Session, pedido_id: str) -> dict[str, object]:
    """The order's read model with its transações; 404 when it does not exist."""
    pedido = session.get(PedidoLido, pedido_id, populate_existing=True)
    if pedido is None:
        raise ApiError(404, "PEDIDO_NAO_ENCONTRADO", f"Pedido {pedido_id} não existe.")
    return {**pedido.to_dict(), "transacoes": transacoes_do_pedido(session, pedido_id)}


def eventos_do_pedido(session: Session, pedido_id: str) -> list[dict[str, object]]:
    """The order's events, oldest first; 404 when there are none."""
    eventos = session.execute(
        sa.select(EventoPedido).where(EventoPedido.pedido_id == pedido_id).order_by(EventoPedido.versao)
    ).scalars()
    lista = [e.to_dict() for e in eventos]
    if not lista:
        raise ApiError(404, "PEDIDO_NAO_ENCONTRADO", f"Pedido {pedido_id} não existe.")
    return lista


def transacoes_do_pedido(session: Session, pedido_id: str) -> list[dict[str, object]]:
    """The order's transações, oldest first."""
    transacoes = session.execute(
        sa.select(Transacao).where(Transacao.pedido_id == pedido_id).order_by(Transacao.criado_em)
    ).scalars()
    return [t.to_dict() for t in transacoes]


def _pagina(
    session: Session, consulta: sa.Select[Any], pagina: int, por_pagina: int
) -> tuple[list[Any], int]:
    total = session.execute(sa.select(sa.func.count()).select_from(consulta.subquery())).scalar_one()
    linhas = session.execute(consulta.limit(por_pagina).offset((pagina - 1) * por_pagina)).scalars()
    return [linha.to_dict() for linha in linhas], total


def listar_pedidos(session: Session, filtro: PedidosQuery) -> tuple[list[Any], int]:
    """Orders by status, e-mail and period, newest first."""
    consulta = sa.select(PedidoLido).order_by(PedidoLido.criado_em.desc(), PedidoLido.id)
    if filtro.status:
        consulta = consulta.where(PedidoLido.status == filtro.status)
    if filtro.email:
        consulta = consulta.where(PedidoLido.cliente_email == filtro.email.lower())
    if filtro.desde:
        consulta = consulta.where(PedidoLido.criado_em >= _utc(filtro.desde))
    if filtro.ate:
        consulta = consulta.where(PedidoLido.criado_em <= _utc(filtro.ate))
    return _pagina(session, consulta, filtro.pagina, filtro.por_pagina)


def pedidos_do_cliente(
    session: Session, cliente_id: str, pagina: int, por_pagina: int
) -> tuple[list[Any], int]:
    """One customer's orders, newest first."""
    consulta = (
        sa.select(PedidoLido)
        .where(PedidoLido.cliente_id == cliente_id)
        .order_by(PedidoLido.criado_em.desc(), PedidoLido.id)
    )
    return _pagina(session, consulta, pagina, por_pagina)


def listar_transacoes(session: Session, filtro: TransacoesQuery) -> tuple[list[Any], int]:
    """Transações by status, method, type and order, newest first."""
    consulta = sa.select(Transacao).order_by(Transacao.criado_em.desc(), Transacao.id)
    for coluna, valor in (
        (Transacao.status, filtro.status),
        (Transacao.metodo, filtro.metodo),
        (Transacao.tipo, filtro.tipo),
        (Transacao.pedido_id, filtro.pedido_id),
    ):
        if valor:
            consulta = consulta.where(coluna == valor)
    return _pagina(session, consulta, filtro.pagina, filtro.por_pagina)


def _utc(instante: Any) -> Any:
    return instante if instante.tzinfo else instante.replace(tzinfo=UTC)
