"""Loading and saving orders: events at their version, read model and outbox in one transaction."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from confeitaria_shared.envelope import EventEnvelope, domain_event
from confeitaria_shared.outbox import add_to_outbox

from .models import EventoPedido, PedidoLido
from .publicacao import para_o_barramento
from .saga import FINAIS_DO_CHECKOUT, Pedido, aplicar, reconstruir

PRODUTOR = "pedidos"
CANAL_PEDIDO_FINAL = "pedido_final"
# EstoqueReservado and EstoqueInsuficiente are the catalog's events: recorded in the order's own
# history, not published a second time.
NAO_PUBLICADOS = frozenset({"EstoqueReservado", "EstoqueInsuficiente"})


def carregar(session: Session, pedido_id: str, travar: bool = True) -> Pedido | None:
    """Rebuild an order from its events; `travar` holds its read-model row until commit."""
    if travar:
        achou = session.execute(
            sa.select(PedidoLido.id).where(PedidoLido.id == pedido_id).with_for_update()
        ).scalar_one_or_none()
        if achou is None:
            return None
    linhas = session.execute(
        sa.select(EventoPedido.tipo, EventoPedido.dados, EventoPedido.ocorrido_em)
        .where(EventoPedido.pedido_id == pedido_id)
        .order_by(EventoPedido.versao)
    ).all()
    if not linhas:
        return None
    return reconstruir(pedido_id, [(tipo, dados, em.isoformat()) for tipo, dados, em in linhas])


def anexar(
    session: Session, pedido: Pedido, tipo: str, dados: dict[str, Any], causa: EventEnvelope | None = None
) -> Pedido:
    """Append one event at the next version (409 if the status forbids it) and stage its publication."""
    pedido.exigir(tipo)
    envelope = domain_event(
        tipo, "Pedido", pedido.id, {"pedido_id": pedido.id, **dados}, PRODUTOR, pedido.versao + 1, causa
    )
    session.add(
        EventoPedido(
            pedido_id=pedido.id,
            versao=envelope.version,
            event_id=envelope.event_id,
            tipo=tipo,
            dados=envelope.data,
            correlation_id=envelope.correlation_id,
            causation_id=envelope.causation_id,
        )
    )
    if tipo not in NAO_PUBLICADOS:
        add_to_outbox(session, para_o_barramento(envelope))
    return aplicar(pedido, tipo, envelope.data, envelope.occurred_at)


def projetar(
    session: Session,
    pedido: Pedido,
    idempotency_key: str | None = None,
    corpo_hash: str | None = None,
    cliente_id: str | None = None,
) -> None:
    """Write the order's read model from its state (insert on creation, with its owner; update afterwards)."""
    valores: dict[str, Any] = {
        "status": pedido.status,
        "versao": pedido.versao,
        "cliente_email": str(pedido.cliente.get("email", "")).lower(),
        "cliente": pedido.cliente,
        "entrega": pedido.entrega,
        "pagamento_metodo": pedido.pagamento.get("metodo", ""),
        "itens": list(pedido.itens),
        "total": pedido.total,
        "motivo_cancelamento": pedido.motivo_cancelamento,
        "historico": list(pedido.historico),
        "atualizado_em": sa.func.now(),
    }
    if idempotency_key is not None:
        session.execute(
            sa.insert(PedidoLido).values(
                id=pedido.id,
                idempotency_key=idempotency_key,
                corpo_hash=corpo_hash,
                cliente_id=cliente_id,
                **valores,
            )
        )
    else:
        session.execute(sa.update(PedidoLido).where(PedidoLido.id == pedido.id).values(**valores))
    if pedido.status in FINAIS_DO_CHECKOUT:
        # Delivered at commit: a checkout waiting with `Prefer: wait` wakes at once, no polling.
        session.execute(sa.select(sa.func.pg_notify(CANAL_PEDIDO_FINAL, pedido.id)))
