"""Read-side queries of the orders service."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from confeitaria_shared.consultas import onde_iguais, utc

from ..dominio.pedido import PedidoNaoEncontradoError
from ..models import EventoPedido, PedidoLido, Transacao
from ..schemas import PedidosQuery, TransacoesQuery


def obter_pedido(session: Session, pedido_id: str) -> dict[str, object]:
    """The order's read model with its transações; 404 when it does not exist."""
    pedido = session.get(PedidoLido, pedido_id, populate_existing=True)
    if pedido is None:
        raise PedidoNaoEncontradoError(pedido_id)
    return {**pedido.to_dict(), "transacoes": transacoes_do_pedido(session, pedido_id)}


def eventos_do_pedido(session: Session, pedido_id: str) -> list[dict[str, object]]:
    """The order's events, oldest first; 404 when there are none."""
    eventos = session.execute(
        sa.select(EventoPedido).where(EventoPedido.pedido_id == pedido_id).order_by(EventoPedido.versao)
    ).scalars()
    lista = [e.to_dict() for e in eventos]
    if not lista:
        raise PedidoNaoEncontradoError(pedido_id)
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
    consulta = onde_iguais(
        sa.select(PedidoLido).order_by(PedidoLido.criado_em.desc(), PedidoLido.id),
        [(PedidoLido.status, filtro.status), (PedidoLido.cliente_email, (filtro.email or "").lower())],
    )
    if filtro.desde:
        consulta = consulta.where(PedidoLido.criado_em >= utc(filtro.desde))
    if filtro.ate:
        consulta = consulta.where(PedidoLido.criado_em <= utc(filtro.ate))
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
    consulta = onde_iguais(
        sa.select(Transacao).order_by(Transacao.criado_em.desc(), Transacao.id),
        [
            (Transacao.status, filtro.status),
            (Transacao.metodo, filtro.metodo),
            (Transacao.tipo, filtro.tipo),
            (Transacao.pedido_id, filtro.pedido_id),
        ],
    )
    return _pagina(session, consulta, filtro.pagina, filtro.por_pagina)


def dono_do_pedido(session: Session, pedido_id: str) -> str | None:
    """The id of the account the order belongs to (None for a guest's or an unknown order)."""
    dono = session.execute(sa.select(PedidoLido.cliente_id).where(PedidoLido.id == pedido_id)).scalar()
    return str(dono) if dono is not None else None
