"""The events service's own projections, as pure folds of stored events.

The live tables and the replay both call these functions, so a rebuilt projection that differs
from the live one means the live table missed or mangled something, never that the rules differ.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from confeitaria_shared.contratos import eventos, status
from confeitaria_shared.dinheiro import reais

PEDIDO = "Pedido"
RESERVA = "Reserva"
STATUS_POR_EVENTO = {
    eventos.PEDIDO_CRIADO: status.PENDENTE,
    eventos.PEDIDO_CONFIRMADO: status.CONFIRMADO,
    eventos.PEDIDO_CANCELADO: status.CANCELADO,
    eventos.PEDIDO_EM_PREPARO: status.EM_PREPARO,
    eventos.PEDIDO_SAIU_PARA_ENTREGA: status.SAIU_PARA_ENTREGA,
    eventos.PEDIDO_ENTREGUE: status.ENTREGUE,
}


@dataclass(frozen=True)
class Fato:
    """A stored event as the projections see it."""

    tipo: str
    agregado_tipo: str
    agregado_id: str
    versao: int
    ocorrido_em: datetime
    dados: dict[str, Any]


@dataclass(frozen=True)
class PedidoVisto:
    """An order as its events tell it: status, total, units, customer reference, how many events."""

    pedido_id: str
    status: str
    total: Decimal | None
    unidades: int
    cliente_id: str | None  # the orders service's customer id; None for a guest's order
    motivo_cancelamento: str | None
    eventos: int
    criado_em: datetime
    atualizado_em: datetime


def _referencia(valor: Any) -> str | None:
    return None if valor is None else str(valor)


def pedido_do_fato(fato: Fato) -> str | None:
    """The order an event is about: its own events, and the catalog's reservation of it."""
    if fato.agregado_tipo == PEDIDO:
        return fato.agregado_id
    if fato.agregado_tipo == RESERVA and fato.tipo == eventos.ESTOQUE_RESERVADO:
        return fato.agregado_id
    return None


def ordem_causal(fato: Fato) -> tuple[datetime, int]:
    """Sort key of one order's events: when they happened, then the order's own version."""
    # Every container reads the same host clock, and each event of the saga is produced after
    # its cause was read: occurrence time orders them even when the store received them late.
    return fato.ocorrido_em, fato.versao if fato.agregado_tipo == PEDIDO else 0


# The orders service charges in the transaction that applies the catalog's reservation, so a
# payment event is the sign that it took the reservation's total. A reservation it received only
# after the order had ended (dead-lettered, then sent back) changes nothing there, even when it
# happened before the end: judged by occurrence time alone, it would set a total here.
PAGAMENTOS = frozenset({eventos.PAGAMENTO_APROVADO, eventos.PAGAMENTO_RECUSADO})


def aplicar_ao_pedido(pedido: PedidoVisto | None, fato: Fato) -> PedidoVisto | None:
    """The order after one more of its events (None until its PedidoCriado)."""
    if fato.tipo == eventos.PEDIDO_CRIADO:
        if pedido is not None:
            return pedido
        dados = fato.dados
        return PedidoVisto(
            pedido_id=fato.agregado_id,
            status=status.PENDENTE,
            total=None,
            unidades=sum(int(item.get("quantidade", 0)) for item in dados.get("itens", [])),
            cliente_id=_referencia(dados.get("cliente_id")),
            motivo_cancelamento=None,
            eventos=1,
            criado_em=fato.ocorrido_em,
            atualizado_em=fato.ocorrido_em,
        )
    if pedido is None:
        return None
    mudancas: dict[str, Any] = {
        "eventos": pedido.eventos + 1,
        "atualizado_em": max(pedido.atualizado_em, fato.ocorrido_em),
    }
    if fato.tipo in STATUS_POR_EVENTO:
        mudancas["status"] = STATUS_POR_EVENTO[fato.tipo]
    if fato.tipo in PAGAMENTOS and "valor" in fato.dados:
        mudancas["total"] = reais(fato.dados["valor"])
    elif fato.tipo == eventos.PEDIDO_CONFIRMADO and "total" in fato.dados:
        mudancas["total"] = reais(fato.dados["total"])
    elif fato.tipo == eventos.PEDIDO_CANCELADO:
        mudancas["motivo_cancelamento"] = fato.dados.get("motivo")
    return replace(pedido, **mudancas)


def projetar_pedido(fatos: Iterable[Fato]) -> PedidoVisto | None:
    """Fold all of one order's events, in causal order."""
    pedido: PedidoVisto | None = None
    for fato in sorted(fatos, key=ordem_causal):
        pedido = aplicar_ao_pedido(pedido, fato)
    return pedido


def projetar_pedidos(fatos: Iterable[Fato]) -> dict[str, PedidoVisto]:
    """Fold every order's events: the whole orders projection."""
    por_pedido: dict[str, list[Fato]] = {}
    for fato in fatos:
        pedido_id = pedido_do_fato(fato)
        if pedido_id is not None:
            por_pedido.setdefault(pedido_id, []).append(fato)
    projetados = {pedido_id: projetar_pedido(do_pedido) for pedido_id, do_pedido in por_pedido.items()}
    return {pedido_id: pedido for pedido_id, pedido in projetados.items() if pedido is not None}
