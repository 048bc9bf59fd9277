"""What each cart change tells analytics: the event a change writes atomically with itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from confeitaria_shared.contratos import eventos
from confeitaria_shared.envelope import EventEnvelope

from .desfecho import Desfecho


@dataclass(frozen=True)
class EventoDoCarrinho:
    """A cart event: its type, its cart, its data, and the event that caused it (if a worker's)."""

    tipo: str
    session_id: str
    dados: dict[str, Any] = field(default_factory=dict)
    causa: EventEnvelope | None = None


def item_adicionado(session_id: str, produto_id: int, quantidade: int) -> EventoDoCarrinho:
    """Units of a product came in."""
    dados = {"produto_id": produto_id, "quantidade": quantidade}
    return EventoDoCarrinho(eventos.ITEM_ADICIONADO_AO_CARRINHO, session_id, dados)


def quantidade_definida(session_id: str, produto_id: int, quantidade: int) -> EventoDoCarrinho:
    """A line's quantity was set: removed at 0, changed otherwise."""
    tipo = eventos.ITEM_REMOVIDO_DO_CARRINHO if quantidade == 0 else eventos.QUANTIDADE_ALTERADA_NO_CARRINHO
    return EventoDoCarrinho(tipo, session_id, {"produto_id": produto_id, "quantidade": quantidade})


def descartado(session_id: str) -> EventoDoCarrinho:
    """The customer threw the cart away."""
    return EventoDoCarrinho(eventos.CARRINHO_DESCARTADO, session_id)


def abandonado(session_id: str) -> EventoDoCarrinho:
    """A cart with items expired untouched."""
    return EventoDoCarrinho(eventos.CARRINHO_ABANDONADO, session_id)


def checkout_realizado(session_id: str, pedido_id: str) -> EventoDoCarrinho:
    """The cart became an order."""
    return EventoDoCarrinho(eventos.CHECKOUT_REALIZADO, session_id, {"pedido_id": pedido_id})


def concluido(
    session_id: str, pedido_id: str, desfecho: Desfecho, causa: EventEnvelope | None
) -> EventoDoCarrinho:
    """The order's fate reached the cart: converted (emptied) or reopened."""
    tipo = eventos.CARRINHO_CONVERTIDO if desfecho is Desfecho.ESVAZIAR else eventos.CARRINHO_REABERTO
    return EventoDoCarrinho(tipo, session_id, {"pedido_id": pedido_id}, causa)
