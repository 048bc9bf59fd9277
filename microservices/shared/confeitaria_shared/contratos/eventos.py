"""Every domain event type the services exchange, with the payloads other services read.

The one place an event type is spelled: producers and consumers import these names, so a typo is
an import error, not an event nobody handles (a test checks that no other module spells one).
The payloads are TypedDicts: they type what a consumer may read, and cost nothing at runtime.
"""

from __future__ import annotations

from typing import Final, NotRequired, TypedDict

# The catalog: products and their stock.
PRODUTO_CRIADO: Final = "ProdutoCriado"
PRODUTO_ATUALIZADO: Final = "ProdutoAtualizado"
PRODUTO_DESATIVADO: Final = "ProdutoDesativado"
PRECO_ALTERADO: Final = "PrecoAlterado"
ESTOQUE_AJUSTADO: Final = "EstoqueAjustado"

# The catalog: an order's reservation (the catalog's steps of the checkout saga).
ESTOQUE_RESERVADO: Final = "EstoqueReservado"
ESTOQUE_INSUFICIENTE: Final = "EstoqueInsuficiente"
ESTOQUE_VENDIDO: Final = "EstoqueVendido"
ESTOQUE_LIBERADO: Final = "EstoqueLiberado"
VENDA_SEM_ESTOQUE: Final = "VendaSemEstoque"

# The orders service: an order's life.
PEDIDO_CRIADO: Final = "PedidoCriado"
PAGAMENTO_APROVADO: Final = "PagamentoAprovado"
PAGAMENTO_RECUSADO: Final = "PagamentoRecusado"
PEDIDO_CONFIRMADO: Final = "PedidoConfirmado"
PEDIDO_CANCELADO: Final = "PedidoCancelado"
PAGAMENTO_ESTORNADO: Final = "PagamentoEstornado"
ESTORNO_RECUSADO: Final = "EstornoRecusado"
PEDIDO_EM_PREPARO: Final = "PedidoEmPreparo"
PEDIDO_SAIU_PARA_ENTREGA: Final = "PedidoSaiuParaEntrega"
PEDIDO_ENTREGUE: Final = "PedidoEntregue"
ENTREGA_ALTERADA: Final = "EntregaAlterada"

# The cart: what customers do with it (analytics; its own stream, copied to the events service).
ITEM_ADICIONADO_AO_CARRINHO: Final = "ItemAdicionadoAoCarrinho"
QUANTIDADE_ALTERADA_NO_CARRINHO: Final = "QuantidadeAlteradaNoCarrinho"
ITEM_REMOVIDO_DO_CARRINHO: Final = "ItemRemovidoDoCarrinho"
CARRINHO_DESCARTADO: Final = "CarrinhoDescartado"
CARRINHO_ABANDONADO: Final = "CarrinhoAbandonado"
CARRINHO_CONVERTIDO: Final = "CarrinhoConvertido"
CARRINHO_REABERTO: Final = "CarrinhoReaberto"
CHECKOUT_REALIZADO: Final = "CheckoutRealizado"

DO_CATALOGO: Final = frozenset(
    {PRODUTO_CRIADO, PRODUTO_ATUALIZADO, PRODUTO_DESATIVADO, PRECO_ALTERADO, ESTOQUE_AJUSTADO}
)
DA_RESERVA: Final = frozenset(
    {ESTOQUE_RESERVADO, ESTOQUE_INSUFICIENTE, ESTOQUE_VENDIDO, ESTOQUE_LIBERADO, VENDA_SEM_ESTOQUE}
)
DO_PEDIDO: Final = frozenset(
    {
        PEDIDO_CRIADO,
        PAGAMENTO_APROVADO,
        PAGAMENTO_RECUSADO,
        PEDIDO_CONFIRMADO,
        PEDIDO_CANCELADO,
        PAGAMENTO_ESTORNADO,
        ESTORNO_RECUSADO,
        PEDIDO_EM_PREPARO,
        PEDIDO_SAIU_PARA_ENTREGA,
        PEDIDO_ENTREGUE,
        ENTREGA_ALTERADA,
    }
)
DO_CARRINHO: Final = frozenset(
    {
        ITEM_ADICIONADO_AO_CARRINHO,
        QUANTIDADE_ALTERADA_NO_CARRINHO,
        ITEM_REMOVIDO_DO_CARRINHO,
        CARRINHO_DESCARTADO,
        CARRINHO_ABANDONADO,
        CARRINHO_CONVERTIDO,
        CARRINHO_REABERTO,
        CHECKOUT_REALIZADO,
    }
)
TODOS: Final = DO_CATALOGO | DA_RESERVA | DO_PEDIDO | DO_CARRINHO


class ItemPedido(TypedDict):
    """A line of an order as the customer asked it."""

    produto_id: int
    quantidade: int


class ItemReservado(TypedDict):
    """A reserved line, with the name and price the catalog charged."""

    produto_id: int
    quantidade: int
    nome: str
    preco_unitario: str


class Falta(TypedDict):
    """A product the catalog could not reserve in full."""

    produto_id: int
    solicitado: int
    disponivel: int


class PedidoCriadoDados(TypedDict):
    """PedidoCriado: what to reserve, for whom, and how it will be paid."""

    pedido_id: str
    itens: list[ItemPedido]
    cliente: dict[str, str]
    entrega: dict[str, str]
    pagamento: dict[str, str]
    cliente_id: NotRequired[str | None]


class EstoqueReservadoDados(TypedDict):
    """EstoqueReservado: the order's units are held until `expira_em`, at these prices."""

    pedido_id: str
    itens: list[ItemReservado]
    expira_em: str


class EstoqueInsuficienteDados(TypedDict):
    """EstoqueInsuficiente: nothing was reserved; what was missing."""

    pedido_id: str
    faltando: list[Falta]


class VendaSemEstoqueDados(TypedDict):
    """VendaSemEstoque: confirmed after its reservation expired, and its units were sold meanwhile."""

    pedido_id: str
    faltando: list[Falta]
    itens: list[ItemReservado]


class PedidoConfirmadoDados(TypedDict):
    """PedidoConfirmado: paid; the catalog sells the reserved units."""

    pedido_id: str
    itens: list[ItemPedido]
    total: str


class PedidoCanceladoDados(TypedDict):
    """PedidoCancelado: why (ESTOQUE_INSUFICIENTE, EXPIRADO...); the catalog releases."""

    pedido_id: str
    motivo: str


class PagamentoDados(TypedDict):
    """PagamentoAprovado, PagamentoRecusado, PagamentoEstornado, EstornoRecusado: the transação."""

    pedido_id: str
    transacao_id: str
    valor: str
    metodo: NotRequired[str | None]
    detalhe: NotRequired[str]


class ProdutoDesativadoDados(TypedDict):
    """ProdutoDesativado: the product leaves the shop (carts flag it)."""

    produto_id: int


class PrecoAlteradoDados(TypedDict):
    """PrecoAlterado: carts show the new price and flag the change."""

    produto_id: int
    preco_anterior: str
    preco_novo: str
