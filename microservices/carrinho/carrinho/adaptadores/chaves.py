"""Names of the cart's Redis keys, in one place."""

from __future__ import annotations

EVENTOS_LOCAIS = "carrinho:eventos"  # the cart's outbox: relayed to the shared bus by the worker
COM_ITENS = "carrinhos:com_itens"  # sorted set: carts holding items, by expiry time


def carrinho(session_id: str) -> str:
    """The hash of one cart: its state fields (_estado, _versao...) and item:/preco: lines."""
    return f"carrinho:{session_id}"


def produto(produto_id: int | str) -> str:
    """The local copy of one product (nome, preco, ativo, versao)."""
    return f"carrinho:produto:{produto_id}"


def pedido(pedido_id: str) -> str:
    """Which cart an order came from."""
    return f"carrinho:pedido:{pedido_id}"
