"""The cart's refusals: each with the code, message, details and status kind the API has always answered."""

from __future__ import annotations

from confeitaria_shared.dominio import (
    ConflitoError,
    IndisponivelError,
    NaoEncontradoError,
    ProibidoError,
    RecusadoError,
)


class ProdutoDesconhecidoError(Exception):
    """The cart holds no usable copy of the product: it has to be fetched from the catalog once."""


class SessaoNaoEncontradaError(NaoEncontradoError):
    """No such cart, an expired one, or one that is not the caller's (the same answer, on purpose)."""

    def __init__(self) -> None:
        super().__init__("SESSAO_NAO_ENCONTRADA", "Sessão de carrinho não encontrada ou expirada.")


class CarrinhoFechadoError(ConflitoError):
    """The cart became an order and waits for its fate: no edits meanwhile."""

    def __init__(self, pedido_id: str) -> None:
        mensagem = "O carrinho já virou um pedido e está fechado para edição."
        super().__init__("CARRINHO_FECHADO", mensagem, pedido_id=pedido_id)


class LimiteDeLinhasError(ConflitoError):
    """A new line would pass the cap of different products."""

    def __init__(self) -> None:
        super().__init__("LIMITE_DE_LINHAS", "O carrinho atingiu o limite de produtos diferentes.")


class LimiteDeQuantidadeError(ConflitoError):
    """A line's quantity would pass the cap per product."""

    def __init__(self) -> None:
        super().__init__("LIMITE_DE_QUANTIDADE", "A quantidade passaria do limite por produto.")


class ItemNaoEncontradoError(NaoEncontradoError):
    """The product has no line in the cart."""

    def __init__(self) -> None:
        super().__init__("ITEM_NAO_ENCONTRADO", "Este produto não está no carrinho.")


class ProdutoInativoError(ConflitoError):
    """The product is no longer sold."""

    def __init__(self, nome: str) -> None:
        super().__init__("PRODUTO_INATIVO", f"{nome or 'O produto'} não está mais à venda.")


class EstoqueInsuficienteError(ConflitoError):
    """The line would ask for more units than the stock hint holds."""

    def __init__(self, disponivel: int, solicitado: int, nome: str) -> None:
        mensagem = f"Só há {disponivel} unidades de {nome or 'o produto'}."
        super().__init__("ESTOQUE_INSUFICIENTE", mensagem, disponivel=disponivel, solicitado=solicitado)


class ProdutoNaoEncontradoError(NaoEncontradoError):
    """The catalog does not know the product."""

    def __init__(self, produto_id: int) -> None:
        super().__init__("PRODUTO_NAO_ENCONTRADO", f"Produto {produto_id} não existe.")


class CatalogoIndisponivelError(IndisponivelError):
    """No catalog instance answered (or its breaker is open): fast; lines in carts stay editable."""

    def __init__(self) -> None:
        mensagem = "O catálogo não responde agora; produtos já no carrinho seguem editáveis."
        super().__init__("CATALOGO_INDISPONIVEL", mensagem)


class PedidosIndisponivelError(IndisponivelError):
    """The orders service does not answer: creating (the cart stays open) or reading an order."""

    AO_CRIAR = "O serviço de pedidos não responde; o carrinho segue aberto."
    AO_LER = "O serviço de pedidos não responde agora."

    def __init__(self, mensagem: str = AO_CRIAR) -> None:
        super().__init__("PEDIDOS_INDISPONIVEL", mensagem)


class CarrinhoVazioError(RecusadoError):
    """Nothing in the cart can be bought."""

    def __init__(self) -> None:
        super().__init__("CARRINHO_VAZIO", "O carrinho não tem itens disponíveis para comprar.")


class SoODonoFinalizaError(ProibidoError):
    """Staff may see a customer's cart, but the order it becomes is the customer's to place."""

    def __init__(self) -> None:
        super().__init__("PROIBIDO", "Só o cliente dono do carrinho finaliza a compra.")


class PedidoRecusadoError(RecusadoError):
    """The orders service refused the order: its own 4xx status and code are passed on as they came."""

    def __init__(self, status: int, codigo: str, mensagem: str) -> None:
        super().__init__(codigo, mensagem)
        self.status = status
