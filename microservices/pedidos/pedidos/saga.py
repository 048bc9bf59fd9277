"""The order aggregate as a pure state machine: its state is the fold of its own events."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from confeitaria_shared.errors import ApiError

PENDENTE, CONFIRMADO, CANCELADO = "PENDENTE", "CONFIRMADO", "CANCELADO"
EM_PREPARO, SAIU_PARA_ENTREGA, ENTREGUE = "EM_PREPARO", "SAIU_PARA_ENTREGA", "ENTREGUE"
FINAIS_DO_CHECKOUT = frozenset({CONFIRMADO, CANCELADO, EM_PREPARO, SAIU_PARA_ENTREGA, ENTREGUE})
# Confirmed after its reservation expired, and the units were sold to others meanwhile.
ESTOQUE_EXPIRADO = "ESTOQUE_EXPIRADO"

# Event type -> (statuses it may follow, status it leads to; None keeps the status).
TRANSICOES: dict[str, tuple[frozenset[str | None], str | None]] = {
    "PedidoCriado": (frozenset({None}), PENDENTE),
    "EstoqueReservado": (frozenset({PENDENTE}), None),
    "EstoqueInsuficiente": (frozenset({PENDENTE}), None),
    "PagamentoAprovado": (frozenset({PENDENTE}), None),
    "PagamentoRecusado": (frozenset({PENDENTE}), None),
    "PedidoConfirmado": (frozenset({PENDENTE}), CONFIRMADO),
    "PedidoCancelado": (frozenset({PENDENTE, CONFIRMADO}), CANCELADO),
    "PagamentoEstornado": (frozenset({CANCELADO}), None),
    # A refused refund leaves the order paid: the money is still with the shop.
    "EstornoRecusado": (frozenset({CANCELADO}), None),
    "PedidoEmPreparo": (frozenset({CONFIRMADO}), EM_PREPARO),
    "PedidoSaiuParaEntrega": (frozenset({EM_PREPARO}), SAIU_PARA_ENTREGA),
    "PedidoEntregue": (frozenset({SAIU_PARA_ENTREGA}), ENTREGUE),
    "EntregaAlterada": (frozenset({PENDENTE, CONFIRMADO, EM_PREPARO}), None),
}
# Staff moves a confirmed order along; each step is entered only from the one before.
PASSOS_DA_EQUIPE = {
    EM_PREPARO: "PedidoEmPreparo",
    SAIU_PARA_ENTREGA: "PedidoSaiuParaEntrega",
    ENTREGUE: "PedidoEntregue",
}


class TransicaoInvalidaError(ApiError):
    """A command the order's current status does not allow (409 with the status)."""

    def __init__(self, status: str | None, tipo: str) -> None:
        super().__init__(
            409,
            "STATUS_INVALIDO",
            f"O pedido está {status}: {tipo} não é possível agora.",
            status_atual=status,
        )


@dataclass(frozen=True)
class Pedido:
    """What the events of one order say about it."""

    id: str
    versao: int = 0
    status: str | None = None
    itens: tuple[dict[str, Any], ...] = ()
    cliente: dict[str, Any] = field(default_factory=dict)
    entrega: dict[str, Any] = field(default_factory=dict)
    pagamento: dict[str, Any] = field(default_factory=dict)
    total: Decimal | None = None
    estoque_reservado: bool = False
    pago: bool = False
    motivo_cancelamento: str | None = None
    historico: tuple[dict[str, str], ...] = ()

    def permite(self, tipo: str) -> bool:
        """Whether an event of `tipo` may happen now (a late or repeated one may not)."""
        anteriores, _ = TRANSICOES[tipo]
        if self.status not in anteriores:
            return False
        if tipo in ("EstoqueReservado", "EstoqueInsuficiente"):
            return not self.estoque_reservado and self.total is None
        if tipo in ("PagamentoAprovado", "PagamentoRecusado"):
            return self.estoque_reservado and not self.pago
        if tipo == "PedidoConfirmado":
            return self.pago
        if tipo in ("PagamentoEstornado", "EstornoRecusado"):
            return self.pago
        return True

    def cancelavel_por_venda_sem_estoque(self) -> bool:
        """Whether the catalog's VendaSemEstoque cancels (and refunds) the order now.

        Only a confirmed one: cancelled already, there is nothing to undo; in the staff's hands
        (EM_PREPARO onwards), the shop decides, not the saga.
        """
        return self.status == CONFIRMADO

    def exigir(self, tipo: str) -> None:
        """Raise 409 with the current status when `tipo` is not allowed now."""
        if not self.permite(tipo):
            raise TransicaoInvalidaError(self.status, tipo)


def _subtotal(item: dict[str, Any]) -> Decimal:
    return Decimal(str(item["preco_unitario"])) * int(item["quantidade"])


def aplicar(pedido: Pedido, tipo: str, dados: dict[str, Any], em: str) -> Pedido:
    """The order after one more of its events (events are facts: no checks here)."""
    _, destino = TRANSICOES[tipo]
    mudancas: dict[str, Any] = {"versao": pedido.versao + 1}
    if destino is not None and destino != pedido.status:
        mudancas["status"] = destino
        mudancas["historico"] = (*pedido.historico, {"status": destino, "em": em, "evento": tipo})
    if tipo == "PedidoCriado":
        mudancas.update(
            itens=tuple(dados["itens"]),
            cliente=dados["cliente"],
            entrega=dados["entrega"],
            pagamento=dados["pagamento"],
        )
    elif tipo == "EstoqueReservado":
        precos = {item["produto_id"]: item for item in dados["itens"]}
        itens = tuple(
            {
                **item,
                "nome": precos[item["produto_id"]]["nome"],
                "preco_unitario": precos[item["produto_id"]]["preco_unitario"],
            }
            for item in pedido.itens
        )
        itens = tuple({**item, "subtotal": str(_subtotal(item))} for item in itens)
        mudancas.update(
            itens=itens, estoque_reservado=True, total=sum((_subtotal(i) for i in itens), Decimal("0"))
        )
    elif tipo == "PagamentoAprovado":
        mudancas["pago"] = True
    elif tipo == "PagamentoEstornado":
        mudancas["pago"] = False
    elif tipo == "PedidoCancelado":
        mudancas["motivo_cancelamento"] = dados.get("motivo")
    elif tipo == "EntregaAlterada":
        mudancas["entrega"] = dados["entrega"]
    return replace(pedido, **mudancas)


def reconstruir(pedido_id: str, eventos: list[tuple[str, dict[str, Any], str]]) -> Pedido:
    """Fold an order's events (type, data, when), oldest first."""
    pedido = Pedido(id=pedido_id)
    for tipo, dados, em in eventos:
        pedido = aplicar(pedido, tipo, dados, em)
    return pedido
