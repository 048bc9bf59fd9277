"""The ports the cart's use cases reach the world through: its store, the catalog, the orders service."""

from __future__ import annotations

from typing import Any, Protocol

from ..dominio.carrinho import Carrinho
from ..dominio.desfecho import Desfecho, Fechamento
from ..dominio.eventos import EventoDoCarrinho
from ..dominio.produto import Campos


class Carrinhos(Protocol):
    """Where carts live. Each change is atomic with its guards and its event, and renews the cart's TTL."""

    def abrir(self, session_id: str, campos: dict[str, str]) -> None:
        """Store a new cart."""

    def ler(self, session_id: str, quem: str) -> Carrinho:
        """The caller's cart, renewing its TTL; SessaoNaoEncontradaError if missing or not theirs."""

    def adicionar(
        self, session_id: str, produto_id: int, quantidade: int, quem: str, evento: EventoDoCarrinho
    ) -> Carrinho:
        """Add units at the copy's price (dominio.edicao.adicionar); ProdutoDesconhecidoError: fetch it."""

    def definir(
        self, session_id: str, produto_id: int, quantidade: int, quem: str, evento: EventoDoCarrinho
    ) -> Carrinho:
        """Set a line's quantity, 0 removing it (dominio.edicao.definir)."""

    def descartar(self, session_id: str, quem: str, evento: EventoDoCarrinho) -> None:
        """Delete an open cart of the caller's."""

    def fechar(
        self,
        session_id: str,
        pedido_id: str,
        comprados: list[tuple[int, int]],
        checkouts: int,
        evento: EventoDoCarrinho,
    ) -> Fechamento:
        """Close the cart with its order (dominio.desfecho.fechar), remembering the order's cart."""

    def carrinho_do_pedido(self, pedido_id: str) -> str | None:
        """The session an order came from, while remembered."""

    def concluir(self, session_id: str, pedido_id: str, desfecho: Desfecho, evento: EventoDoCarrinho) -> bool:
        """Apply the order's fate (dominio.desfecho.concluir); False if the cart is not closed with it."""

    def vencidos(self) -> list[str]:
        """Sessions of carts with items whose expiry passed (some may have been renewed since)."""

    def existe(self, session_id: str) -> bool:
        """Whether the cart is still there."""

    def marcar_abandonado(self, session_id: str, evento: EventoDoCarrinho) -> bool:
        """Stop watching an expired cart and write its event; only one of racing workers succeeds."""

    def expira_em(self) -> str:
        """When a session expires if it stays idle from now."""


class CopiasDeProdutos(Protocol):
    """The cart's local copies of products."""

    def gravar(self, produto_id: int | str, versao: int, campos: Campos) -> bool:
        """Store fields seen at `versao` (dominio.produto.gravar_se_mais_novo); whether it was the newest."""


class Catalogo(Protocol):
    """The catalog service, as the cart reads it."""

    def produto(self, produto_id: int) -> dict[str, Any] | None:
        """The product as the catalog shows it, None if unknown; CatalogoIndisponivelError if unreachable."""


class Pedidos(Protocol):
    """The orders service, as the cart's checkout uses it."""

    def criar(
        self, corpo: dict[str, Any], chave: str, prefer: str | None, autorizacao: str | None
    ) -> dict[str, Any]:
        """Create the order under the Idempotency-Key `chave` (or find the one it already made).

        PedidoRecusadoError passes on the orders service's 4xx; PedidosIndisponivelError for the rest.
        """

    def pedido(self, pedido_id: str) -> dict[str, Any]:
        """The order as it stands; PedidosIndisponivelError when it cannot be read."""


class AcessosDePedidos(Protocol):
    """Who signs a guest order's access token."""

    def acesso_do_pedido(self, pedido_id: str) -> str:
        """The guest's access token of one order."""
