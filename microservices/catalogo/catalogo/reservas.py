"""The catalog's part of the checkout saga: reserve all of an order or nothing, sell, release."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from confeitaria_shared.envelope import EventEnvelope

from .estoque import registrar_movimento
from .eventos import publicar_de_reserva
from .models import Reserva
from .regras import agrupar_itens

log = logging.getLogger(__name__)

RESERVADA, VENDIDA, LIBERADA, RECUSADA = "RESERVADA", "VENDIDA", "LIBERADA", "RECUSADA"
# A reservation that expired (LIBERADA) and whose order was confirmed after its units were sold to
# others: the catalog answered VendaSemEstoque and holds nothing for that order, ever again.
SEM_ESTOQUE = "SEM_ESTOQUE"
VENDA_SEM_ESTOQUE = "VendaSemEstoque"


def _pedido_id(evento: EventEnvelope) -> str:
    return str(evento.data.get("pedido_id") or evento.aggregate_id)


def _retirar(session: Session, produto_id: int, quantidade: int) -> sa.Row[Any] | None:
    return session.execute(
        sa.text(
            "UPDATE produtos SET estoque = estoque - :q, atualizado_em = now() "
            "WHERE id = :id AND ativo AND estoque >= :q RETURNING estoque, preco, nome"
        ),
        {"id": produto_id, "q": quantidade},
    ).first()


def _faltando(session: Session, itens: list[tuple[int, int]]) -> list[dict[str, int]]:
    linhas = session.execute(
        sa.text("SELECT id, CASE WHEN ativo THEN estoque ELSE 0 END FROM produtos WHERE id = ANY(:ids)"),
        {"ids": [produto_id for produto_id, _ in itens]},
    ).all()
    disponiveis: dict[int, int] = {linha[0]: linha[1] for linha in linhas}
    return [
        {"produto_id": produto_id, "solicitado": quantidade, "disponivel": disponiveis.get(produto_id, 0)}
        for produto_id, quantidade in itens
        if disponiveis.get(produto_id, 0) < quantidade
    ]


def _tomar_itens(session: Session, itens: list[tuple[int, int]]) -> list[dict[str, Any]] | None:
    """Take every item's units inside a savepoint: all of them, or none (returns None)."""
    reservados: list[dict[str, Any]] = []
    savepoint = session.begin_nested()
    for produto_id, quantidade in itens:
        row = _retirar(session, produto_id, quantidade)
        if row is None:
            savepoint.rollback()
            return None
        reservados.append(
            {
                "produto_id": produto_id,
                "quantidade": quantidade,
                "preco_unitario": str(row.preco),
                "nome": row.nome,
                "estoque_resultante": row.estoque,
            }
        )
    savepoint.commit()
    return reservados


def reservar_pedido(evento: EventEnvelope, session: Session, ttl_s: int) -> None:
    """On PedidoCriado: reserve all items (EstoqueReservado) or none (EstoqueInsuficiente), once per order."""
    pedido_id = _pedido_id(evento)
    if session.get(Reserva, pedido_id) is not None:
        log.info("order already has a reservation", extra={"pedido_id": pedido_id})
        return
    itens = agrupar_itens(evento.data.get("itens") or [])
    reservados = _tomar_itens(session, itens)
    expira_em = datetime.now(UTC) + timedelta(seconds=ttl_s)
    if reservados is None:
        faltando = _faltando(session, itens)
        session.add(Reserva(pedido_id=pedido_id, status=RECUSADA, itens=[], expira_em=expira_em))
        publicar_de_reserva(session, "EstoqueInsuficiente", pedido_id, 1, {"faltando": faltando}, evento)
        return
    for item in reservados:
        resultante = item.pop("estoque_resultante")
        registrar_movimento(
            session,
            item["produto_id"],
            -item["quantidade"],
            resultante,
            "reserva",
            pedido_id,
            evento.correlation,
        )
    session.add(Reserva(pedido_id=pedido_id, status=RESERVADA, itens=reservados, expira_em=expira_em))
    dados = {"itens": reservados, "expira_em": expira_em.isoformat()}
    publicar_de_reserva(session, "EstoqueReservado", pedido_id, 1, dados, evento)


def _reserva_travada(session: Session, pedido_id: str) -> Reserva | None:
    return session.execute(
        sa.select(Reserva).where(Reserva.pedido_id == pedido_id).with_for_update()
    ).scalar_one_or_none()


def _vender_de_novo(session: Session, reserva: Reserva, evento: EventEnvelope) -> bool:
    """Take a released reservation's units again for its confirmed order; False when they are gone."""
    itens = [(item["produto_id"], item["quantidade"]) for item in reserva.itens]
    retirados = _tomar_itens(session, sorted(itens))
    if retirados is None:
        return False
    for item in retirados:
        registrar_movimento(
            session,
            item["produto_id"],
            -item["quantidade"],
            item["estoque_resultante"],
            "venda",
            reserva.pedido_id,
            evento.correlation,
        )
    return True


def _recusar_venda(session: Session, reserva: Reserva, evento: EventEnvelope) -> None:
    """VendaSemEstoque: the confirmed order's released units are gone; nothing is held or owed back."""
    itens = [(item["produto_id"], item["quantidade"]) for item in reserva.itens]
    log.error("confirmed order whose released stock is gone", extra={"pedido_id": reserva.pedido_id})
    # Final for this order: a later confirmation sells nothing, its cancellation gives nothing back.
    reserva.status, reserva.atualizado_em = SEM_ESTOQUE, datetime.now(UTC)
    dados = {"faltando": _faltando(session, itens), "itens": reserva.itens}
    publicar_de_reserva(session, VENDA_SEM_ESTOQUE, reserva.pedido_id, 3, dados, evento)


def confirmar_venda(evento: EventEnvelope, session: Session) -> None:
    """On PedidoConfirmado: the reserved units become sold (re-taken if the reservation had expired)."""
    pedido_id = _pedido_id(evento)
    reserva = _reserva_travada(session, pedido_id)
    if reserva is None or reserva.status in (VENDIDA, RECUSADA, SEM_ESTOQUE):
        return
    if reserva.status == LIBERADA:
        # Confirmed after the reservation expired: its units went back on sale. Take them again, or
        # say the sale has no stock, so the orders service cancels and refunds.
        if not _vender_de_novo(session, reserva, evento):
            _recusar_venda(session, reserva, evento)
            return
    else:
        for item in reserva.itens:
            estoque = session.execute(
                sa.text("SELECT estoque FROM produtos WHERE id = :id"), {"id": item["produto_id"]}
            )
            registrar_movimento(
                session, item["produto_id"], 0, estoque.scalar_one(), "venda", pedido_id, evento.correlation
            )
    reserva.status, reserva.atualizado_em = VENDIDA, datetime.now(UTC)
    publicar_de_reserva(session, "EstoqueVendido", pedido_id, 2, {"itens": reserva.itens}, evento)


def liberar_reserva(session: Session, reserva: Reserva, motivo: str, causa: EventEnvelope | None) -> None:
    """Give a reservation's units back (EstoqueLiberado)."""
    for item in reserva.itens:
        depois = session.execute(
            sa.text(
                "UPDATE produtos SET estoque = estoque + :q, atualizado_em = now() "
                "WHERE id = :id RETURNING estoque"
            ),
            {"id": item["produto_id"], "q": item["quantidade"]},
        ).scalar_one()
        correlacao = causa.correlation if causa else None
        registrar_movimento(
            session,
            item["produto_id"],
            item["quantidade"],
            depois,
            "liberacao",
            reserva.pedido_id,
            correlacao,
        )
    reserva.status, reserva.atualizado_em = LIBERADA, datetime.now(UTC)
    publicar_de_reserva(
        session, "EstoqueLiberado", reserva.pedido_id, 2, {"motivo": motivo, "itens": reserva.itens}, causa
    )


def cancelar_reserva(evento: EventEnvelope, session: Session) -> None:
    """On PedidoCancelado: release what the order holds (also after a sale: the units come back)."""
    pedido_id = _pedido_id(evento)
    reserva = _reserva_travada(session, pedido_id)
    if reserva is None:
        # Cancelled before its PedidoCriado got here: a tombstone makes that late event a no-op.
        session.add(Reserva(pedido_id=pedido_id, status=LIBERADA, itens=[], expira_em=datetime.now(UTC)))
    elif reserva.status in (RESERVADA, VENDIDA):
        # LIBERADA (expired) and SEM_ESTOQUE hold nothing: giving back again would count units twice.
        liberar_reserva(session, reserva, str(evento.data.get("motivo") or "CANCELADO"), evento)


def expirar_reservas(session: Session, limite: int = 100) -> int:
    """Release reservations whose time ran out; return how many."""
    vencidas = (
        session.execute(
            sa.select(Reserva)
            .where(Reserva.status == RESERVADA, Reserva.expira_em < sa.func.now())
            .order_by(Reserva.expira_em)
            .limit(limite)
            .with_for_update(skip_locked=True)
        )
        .scalars()
        .all()
    )
    for reserva in vencidas:
        liberar_reserva(session, reserva, "EXPIRADO", None)
    return len(vencidas)
