"""Adding to a cart from its own product copy; the catalog is asked only when the copy cannot answer."""

from __future__ import annotations

from confeitaria_shared.errors import ApiError

from . import produtos
from .carrinhos import Carrinhos, ProdutoDesconhecidoError
from .catalogo import CatalogoIndisponivelError, ClienteCatalogo
from .leitura import Retrato


def adicionar(
    carrinhos: Carrinhos,
    catalogo: ClienteCatalogo,
    session_id: str,
    produto_id: int,
    quantidade: int,
    quem: str,
) -> Retrato:
    """Add from the copy; a product never seen is fetched once, a refusal by the stock hint confirmed."""
    try:
        return carrinhos.adicionar(session_id, produto_id, quantidade, quem)
    except ProdutoDesconhecidoError:
        buscar_no_catalogo(carrinhos, catalogo, produto_id)
    except ApiError as recusa:
        if recusa.code != "ESTOQUE_INSUFICIENTE":
            raise
        # The hint may be stale (sales and restocks move stock between events): before refusing,
        # ask the catalog once. With the catalog down, the hint's refusal stands.
        try:
            buscar_no_catalogo(carrinhos, catalogo, produto_id)
        except CatalogoIndisponivelError:
            raise recusa from None
    try:
        return carrinhos.adicionar(session_id, produto_id, quantidade, quem)
    except ProdutoDesconhecidoError:
        # Only if the copy vanished again at once (a Redis restart without its data, say).
        raise CatalogoIndisponivelError() from None


def buscar_no_catalogo(carrinhos: Carrinhos, catalogo: ClienteCatalogo, produto_id: int) -> None:
    """Fetch the product (behind the breaker) into the local copy; 404 when the catalog lacks it."""
    produto = catalogo.produto(produto_id)
    if produto is None:
        raise ApiError(404, "PRODUTO_NAO_ENCONTRADO", f"Produto {produto_id} não existe.")
    produtos.lembrar_do_catalogo(carrinhos.redis, produto)
