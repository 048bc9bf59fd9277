"""Stores each event from the stream once in the event store, and keeps the projections current."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from confeitaria_shared.envelope import EventEnvelope
from confeitaria_shared.privacidade import sem_dados_pessoais

from .models import Evento, EventosPorTipo, PedidoProjetado
from .projecoes import Fato, PedidoVisto, pedido_do_fato, projetar_pedido


def _linha(event: EventEnvelope) -> dict[str, Any]:
    return {
        "event_id": event.event_id,
        "tipo": event.type,
        "agregado_tipo": event.aggregate_type,
        "agregado_id": event.aggregate_id,
        "versao": event.version,
        "ocorrido_em": datetime.fromisoformat(event.occurred_at),
        "produtor": event.producer,
        "correlation_id": event.correlation_id,
        "causation_id": event.causation_id,
        # The orders service publishes no personal data; this catches what was published before
        # it stopped (an outbox row from before the upgrade, an old dead letter sent back).
        "dados": sem_dados_pessoais(event.data),
    }


def fato(evento: Evento | sa.Row[Any]) -> Fato:
    """The projections' view of a stored event."""
    return Fato(
        evento.tipo, evento.agregado_tipo, evento.agregado_id, evento.versao, evento.ocorrido_em, evento.dados
    )


def armazenar_lote(eventos: Sequence[EventEnvelope], session: Session) -> None:
    """Insert the events not stored yet in one statement, then update the projections with them."""
    if not eventos:
        return
    novos = session.execute(
        insert(Evento)
        .values([_linha(evento) for evento in eventos])
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(
            Evento.tipo,
            Evento.agregado_tipo,
            Evento.agregado_id,
            Evento.versao,
            Evento.ocorrido_em,
            Evento.dados,
        )
    ).all()
    # A redelivered event inserts nothing above, so it is not counted or folded twice here.
    fatos = [fato(linha) for linha in novos]
    contar_por_tipo(session, fatos)
    atualizar_pedidos(session, {p for f in fatos if (p := pedido_do_fato(f)) is not None})


def contar_por_tipo(session: Session, fatos: Iterable[Fato]) -> None:
    """Add the new events to the per-type counts."""
    contagem = Counter(f.tipo for f in fatos)
    ultimo: dict[str, datetime] = {}
    for f in fatos:
        ultimo[f.tipo] = max(ultimo.get(f.tipo, f.ocorrido_em), f.ocorrido_em)
    if not contagem:
        return
    novo = insert(EventosPorTipo).values(
        [{"tipo": tipo, "quantidade": n, "ultimo_em": ultimo[tipo]} for tipo, n in sorted(contagem.items())]
    )
    session.execute(
        novo.on_conflict_do_update(
            index_elements=["tipo"],
            set_={
                "quantidade": EventosPorTipo.quantidade + novo.excluded.quantidade,
                "ultimo_em": sa.func.greatest(EventosPorTipo.ultimo_em, novo.excluded.ultimo_em),
            },
        )
    )


# Stored events about orders: their own, and the catalog's reservation of them (see pedido_do_fato).
SOBRE_PEDIDOS = sa.or_(
    Evento.agregado_tipo == "Pedido",
    sa.and_(Evento.agregado_tipo == "Reserva", Evento.tipo == "EstoqueReservado"),
)


def eventos_dos_pedidos(pedido_ids: Iterable[str]) -> sa.Select[Any]:
    """Every stored event about these orders."""
    return sa.select(Evento).where(Evento.agregado_id.in_(list(pedido_ids)), SOBRE_PEDIDOS)


def atualizar_pedidos(session: Session, pedido_ids: set[str]) -> None:
    """Refold each touched order from all its stored events, so a late event lands in its place."""
    if not pedido_ids:
        return
    for pedido_id in sorted(pedido_ids):
        # Two transactions folding the same order would each miss the other's event.
        session.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(pedido_id))))
    por_pedido: dict[str, list[Fato]] = {p: [] for p in pedido_ids}
    for evento in session.execute(eventos_dos_pedidos(pedido_ids)).scalars():
        por_pedido[evento.agregado_id].append(fato(evento))
    for eventos in por_pedido.values():
        pedido = projetar_pedido(eventos)
        if pedido is not None:
            gravar_pedido(session, pedido)


def linha_do_pedido(pedido: PedidoVisto) -> dict[str, Any]:
    """The projection row of an order."""
    return {
        "pedido_id": pedido.pedido_id,
        "status": pedido.status,
        "total": pedido.total,
        "unidades": pedido.unidades,
        "cliente_id": pedido.cliente_id,
        "motivo_cancelamento": pedido.motivo_cancelamento,
        "eventos": pedido.eventos,
        "criado_em": pedido.criado_em,
        "atualizado_em": pedido.atualizado_em,
    }


def gravar_pedido(session: Session, pedido: PedidoVisto) -> None:
    """Insert or replace an order's projection row."""
    linha = linha_do_pedido(pedido)
    novo = insert(PedidoProjetado).values(linha)
    session.execute(
        novo.on_conflict_do_update(
            index_elements=["pedido_id"], set_={k: novo.excluded[k] for k in linha if k != "pedido_id"}
        )
    )
