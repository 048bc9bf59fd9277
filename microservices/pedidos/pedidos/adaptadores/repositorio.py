"""Orders in PostgreSQL: events at their version, the read model and the outbox in one transaction."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from confeitaria_shared.contratos import eventos
from confeitaria_shared.contratos.status import FINAIS_DO_CHECKOUT, PENDENTE
from confeitaria_shared.envelope import EventEnvelope, domain_event
from confeitaria_shared.outbox import add_to_outbox

from ..dominio.pedido import Pedido, reconstruir
from ..models import EventoPedido, PedidoLido
from ..servicos.portas import ChaveEmUsoError, Solicitacao
from .publicacao import para_o_barramento

PRODUTOR = "pedidos"
CANAL_PEDIDO_FINAL = "pedido_final"
# EstoqueReservado and EstoqueInsuficiente are the catalog's events: recorded in the order's own
# history, not published a second time.
NAO_PUBLICADOS = frozenset({eventos.ESTOQUE_RESERVADO, eventos.ESTOQUE_INSUFICIENTE})


class RepositorioSqlDePedidos:
    """Loads an order by folding its events; saves its new events, read model and outbox rows."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def obter(self, pedido_id: str, travar: bool = True) -> Pedido | None:
        """Rebuild an order from its events; `travar` holds its read-model row until commit."""
        if travar:
            achou = self.session.execute(
                sa.select(PedidoLido.id).where(PedidoLido.id == pedido_id).with_for_update()
            ).scalar_one_or_none()
            if achou is None:
                return None
        linhas = self.session.execute(
            sa.select(EventoPedido.tipo, EventoPedido.dados, EventoPedido.ocorrido_em)
            .where(EventoPedido.pedido_id == pedido_id)
            .order_by(EventoPedido.versao)
        ).all()
        if not linhas:
            return None
        return reconstruir(pedido_id, [(tipo, dados, em.isoformat()) for tipo, dados, em in linhas])

    def pela_chave(self, idempotency_key: str) -> Solicitacao | None:
        """The order an idempotency key created, with the hash of its body and its owner."""
        linha = self.session.execute(
            sa.select(PedidoLido.id, PedidoLido.corpo_hash, PedidoLido.cliente_id).where(
                PedidoLido.idempotency_key == idempotency_key
            )
        ).first()
        if linha is None:
            return None
        return Solicitacao(str(linha.id), idempotency_key, linha.corpo_hash, linha.cliente_id)

    def adicionar(self, pedido: Pedido, solicitacao: Solicitacao) -> None:
        """Insert a new order's events and read model (with its key and owner); ChaveEmUsoError on a race."""
        self._anexar(pedido, None)
        try:
            self.session.execute(
                sa.insert(PedidoLido).values(
                    id=pedido.id,
                    idempotency_key=solicitacao.idempotency_key,
                    corpo_hash=solicitacao.corpo_hash,
                    cliente_id=solicitacao.cliente_id,
                    **_lido(pedido),
                )
            )
        except IntegrityError as exc:
            raise ChaveEmUsoError(solicitacao.idempotency_key) from exc
        self._avisar_se_final(pedido)

    def guardar(self, pedido: Pedido, causa: EventEnvelope | None = None) -> None:
        """Append the order's new events (caused by `causa`) and rewrite its read model."""
        self._anexar(pedido, causa)
        self.session.execute(sa.update(PedidoLido).where(PedidoLido.id == pedido.id).values(**_lido(pedido)))
        self._avisar_se_final(pedido)

    def pendentes_desde(self, segundos: int, limite: int) -> list[str]:
        """Orders PENDENTE for over `segundos`, oldest first, skipping those another sweep holds."""
        return list(
            self.session.execute(
                sa.select(PedidoLido.id)
                .where(
                    PedidoLido.status == PENDENTE,
                    PedidoLido.criado_em < sa.func.now() - sa.text(f"interval '{int(segundos)} seconds'"),
                )
                .order_by(PedidoLido.criado_em)
                .limit(limite)
                .with_for_update(skip_locked=True)
            )
            .scalars()
            .all()
        )

    def _anexar(self, pedido: Pedido, causa: EventEnvelope | None) -> None:
        """Insert each new event at its version (a second writer is refused) and stage its publication."""
        for novo in pedido.novos:
            envelope = replace(
                domain_event(novo.tipo, "Pedido", pedido.id, novo.dados, PRODUTOR, novo.versao, causa),
                occurred_at=novo.em,
            )
            self.session.add(
                EventoPedido(
                    pedido_id=pedido.id,
                    versao=envelope.version,
                    event_id=envelope.event_id,
                    tipo=novo.tipo,
                    dados=envelope.data,
                    correlation_id=envelope.correlation_id,
                    causation_id=envelope.causation_id,
                )
            )
            if novo.tipo not in NAO_PUBLICADOS:
                add_to_outbox(self.session, para_o_barramento(envelope))

    def _avisar_se_final(self, pedido: Pedido) -> None:
        if pedido.status in FINAIS_DO_CHECKOUT:
            # Delivered at commit: a checkout waiting with `Prefer: wait` wakes at once, no polling.
            self.session.execute(sa.select(sa.func.pg_notify(CANAL_PEDIDO_FINAL, pedido.id)))


def _lido(pedido: Pedido) -> dict[str, Any]:
    """The order's read-model columns, from its state."""
    return {
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
