"""The order aggregate as a pure state machine: its state is the fold of its own events."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from confeitaria_shared import dinheiro
from confeitaria_shared.contratos import eventos
from confeitaria_shared.contratos.status import (
    CANCELADO,
    CONFIRMADO,
    EM_PREPARO,
    ENTREGUE,
    PASSOS_DA_EQUIPE,
    PENDENTE,
    SAIU_PARA_ENTREGA,
)
from confeitaria_shared.dominio import ConflitoError, NaoEncontradoError

# Why an order was cancelled (its `motivo_cancelamento`).
CANCELADO_PELO_CLIENTE = "CANCELADO_PELO_CLIENTE"
EXPIRADO = "EXPIRADO"
ESTOQUE_INSUFICIENTE = "ESTOQUE_INSUFICIENTE"
PAGAMENTO_RECUSADO = "PAGAMENTO_RECUSADO"
# Confirmed after its reservation expired, and the units were sold to others meanwhile.
ESTOQUE_EXPIRADO = "ESTOQUE_EXPIRADO"


class TransicaoInvalidaError(ConflitoError):
    """A command the order's current status does not allow (409 with the status)."""

    def __init__(self, status: str | None, tipo: str) -> None:
        super().__init__(
            "STATUS_INVALIDO", f"O pedido está {status}: {tipo} não é possível agora.", status_atual=status
        )


class PedidoNaoEncontradoError(NaoEncontradoError):
    """No such order (or not the caller's: the same answer, so an id reveals nothing)."""

    def __init__(self, pedido_id: str) -> None:
        super().__init__("PEDIDO_NAO_ENCONTRADO", f"Pedido {pedido_id} não existe.")


@dataclass(frozen=True)
class EventoDoPedido:
    """One event of an order: what happened, with which data, when, at which version."""

    tipo: str
    dados: dict[str, Any]
    em: str
    versao: int


@dataclass(frozen=True)
class Pedido:
    """What the events of one order say about it; `novos` are the events not yet stored."""

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
    novos: tuple[EventoDoPedido, ...] = ()

    def permite(self, tipo: str) -> bool:
        """Whether an event of `tipo` may happen now (a late or repeated one may not)."""
        transicao = TRANSICOES[tipo]
        return self.status in transicao.anteriores and transicao.condicao(self)

    def registrar(self, tipo: str, dados: dict[str, Any], em: str) -> Pedido:
        """The order after a new event of `tipo`, kept in `novos` to be stored; 409 if not allowed now."""
        if not self.permite(tipo):
            raise TransicaoInvalidaError(self.status, tipo)
        evento = EventoDoPedido(tipo, {"pedido_id": self.id, **dados}, em, self.versao + 1)
        return replace(aplicar(self, tipo, evento.dados, em), novos=(*self.novos, evento))

    def cancelavel_por_venda_sem_estoque(self) -> bool:
        """Whether the catalog's VendaSemEstoque cancels (and refunds) the order now.

        Only a confirmed one: cancelled already, there is nothing to undo; in the staff's hands
        (EM_PREPARO onwards), the shop decides, not the saga.
        """
        return self.status == CONFIRMADO

    def itens_pedidos(self) -> list[dict[str, Any]]:
        """The lines as the customer asked them: product and quantity."""
        return [{"produto_id": i["produto_id"], "quantidade": i["quantidade"]} for i in self.itens]


def _sempre(_pedido: Pedido) -> bool:
    return True


def _sem_resposta_do_estoque(pedido: Pedido) -> bool:
    return not pedido.estoque_reservado and pedido.total is None


def _reservado_e_nao_pago(pedido: Pedido) -> bool:
    return pedido.estoque_reservado and not pedido.pago


def _pago(pedido: Pedido) -> bool:
    return pedido.pago


@dataclass(frozen=True)
class Transicao:
    """Statuses an event may follow, a condition on the order, and the status it leads to (None keeps it)."""

    anteriores: frozenset[str | None]
    destino: str | None = None
    condicao: Callable[[Pedido], bool] = _sempre


# Event type -> when it is allowed and where it leads: the one place that says so.
TRANSICOES: dict[str, Transicao] = {
    eventos.PEDIDO_CRIADO: Transicao(frozenset({None}), PENDENTE),
    eventos.ESTOQUE_RESERVADO: Transicao(frozenset({PENDENTE}), condicao=_sem_resposta_do_estoque),
    eventos.ESTOQUE_INSUFICIENTE: Transicao(frozenset({PENDENTE}), condicao=_sem_resposta_do_estoque),
    eventos.PAGAMENTO_APROVADO: Transicao(frozenset({PENDENTE}), condicao=_reservado_e_nao_pago),
    eventos.PAGAMENTO_RECUSADO: Transicao(frozenset({PENDENTE}), condicao=_reservado_e_nao_pago),
    eventos.PEDIDO_CONFIRMADO: Transicao(frozenset({PENDENTE}), CONFIRMADO, _pago),
    eventos.PEDIDO_CANCELADO: Transicao(frozenset({PENDENTE, CONFIRMADO}), CANCELADO),
    eventos.PAGAMENTO_ESTORNADO: Transicao(frozenset({CANCELADO}), condicao=_pago),
    # A refused refund leaves the order paid: the money is still with the shop.
    eventos.ESTORNO_RECUSADO: Transicao(frozenset({CANCELADO}), condicao=_pago),
    eventos.PEDIDO_EM_PREPARO: Transicao(frozenset({CONFIRMADO}), EM_PREPARO),
    eventos.PEDIDO_SAIU_PARA_ENTREGA: Transicao(frozenset({EM_PREPARO}), SAIU_PARA_ENTREGA),
    eventos.PEDIDO_ENTREGUE: Transicao(frozenset({SAIU_PARA_ENTREGA}), ENTREGUE),
    eventos.ENTREGA_ALTERADA: Transicao(frozenset({PENDENTE, CONFIRMADO, EM_PREPARO})),
}
# The event that moves a confirmed order to each of the staff's steps, in their order.
EVENTO_DO_PASSO = dict(
    zip(
        PASSOS_DA_EQUIPE,
        (eventos.PEDIDO_EM_PREPARO, eventos.PEDIDO_SAIU_PARA_ENTREGA, eventos.PEDIDO_ENTREGUE),
        strict=True,
    )
)


Linhas = tuple[dict[str, Any], ...]


def _com_precos(itens: Linhas, reservados: list[dict[str, Any]]) -> Linhas:
    """The order's lines with the name and price the catalog charged, and their subtotals."""
    precos = {item["produto_id"]: item for item in reservados}
    return tuple(
        {
            **item,
            "nome": precos[item["produto_id"]]["nome"],
            "preco_unitario": precos[item["produto_id"]]["preco_unitario"],
            "subtotal": dinheiro.em_texto(
                dinheiro.subtotal(precos[item["produto_id"]]["preco_unitario"], item["quantidade"])
            ),
        }
        for item in itens
    )


def aplicar(pedido: Pedido, tipo: str, dados: dict[str, Any], em: str) -> Pedido:
    """The order after one more of its events (events are facts: no checks here)."""
    destino = TRANSICOES[tipo].destino
    mudancas: dict[str, Any] = {"versao": pedido.versao + 1}
    if destino is not None and destino != pedido.status:
        mudancas["status"] = destino
        mudancas["historico"] = (*pedido.historico, {"status": destino, "em": em, "evento": tipo})
    if tipo == eventos.PEDIDO_CRIADO:
        mudancas.update(
            itens=tuple(dados["itens"]),
            cliente=dados["cliente"],
            entrega=dados["entrega"],
            pagamento=dados["pagamento"],
        )
    elif tipo == eventos.ESTOQUE_RESERVADO:
        itens = _com_precos(pedido.itens, dados["itens"])
        mudancas.update(itens=itens, estoque_reservado=True, total=dinheiro.total_dos_itens(itens))
    elif tipo == eventos.PAGAMENTO_APROVADO:
        mudancas["pago"] = True
    elif tipo == eventos.PAGAMENTO_ESTORNADO:
        mudancas["pago"] = False
    elif tipo == eventos.PEDIDO_CANCELADO:
        mudancas["motivo_cancelamento"] = dados.get("motivo")
    elif tipo == eventos.ENTREGA_ALTERADA:
        mudancas["entrega"] = dados["entrega"]
    return replace(pedido, **mudancas)


def reconstruir(pedido_id: str, historia: list[tuple[str, dict[str, Any], str]]) -> Pedido:
    """Fold an order's events (type, data, when), oldest first."""
    pedido = Pedido(id=pedido_id)
    for tipo, dados, em in historia:
        pedido = aplicar(pedido, tipo, dados, em)
    return pedido
