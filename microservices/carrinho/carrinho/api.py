"""Cart endpoints: sessions, lines, reading with totals, checkout."""

from __future__ import annotations

from flask import Response, current_app, request
from flask_openapi3 import APIBlueprint, Tag

from confeitaria_shared.contratos import DadosDeCheckout
from confeitaria_shared.errors import ApiError
from confeitaria_shared.responses import ok

from . import produtos
from .carrinhos import Carrinhos
from .catalogo import CatalogoIndisponivelError, ClienteCatalogo
from .checkout import Checkout
from .dinheiro import reais
from .leitura import montar
from .schemas import ItemNovo, ItemPath, QuantidadeNova, SessaoPath

api = APIBlueprint("carrinho", __name__, url_prefix="/api/carrinho", abp_tags=[Tag(name="carrinho")])


def _carrinhos() -> Carrinhos:
    carrinhos: Carrinhos = current_app.extensions["carrinhos"]
    return carrinhos


def _catalogo() -> ClienteCatalogo:
    cliente: ClienteCatalogo = current_app.extensions["catalogo"]
    return cliente


def _ver(session_id: str) -> dict[str, object]:
    campos = _carrinhos().ler(session_id)
    return montar(session_id, campos, _carrinhos().redis, _carrinhos().expira_em())


@api.post("/sessao")
def criar_sessao() -> tuple[Response, int]:
    """Open a new cart session (expires after CARRINHO_TTL_S idle; every use renews it)."""
    return ok(_carrinhos().criar(), status=201)


@api.get("/<session_id>")
def obter_carrinho(path: SessaoPath) -> tuple[Response, int]:
    """The cart's lines, totals and flags, from Redis alone (no call to the catalog)."""
    return ok(_ver(path.session_id))


def _preco_atual(produto_id: int, quantidade_total: int) -> str:
    """Check the product with the catalog; known products are still accepted while it is down."""
    cache = _carrinhos().redis
    try:
        produto = _catalogo().produto(produto_id)
    except CatalogoIndisponivelError:
        conhecido = produtos.conhecidos(cache, [str(produto_id)]).get(str(produto_id))
        if conhecido is None or conhecido.get("ativo") != "1":
            raise
        return conhecido["preco"]
    if produto is None:
        raise ApiError(404, "PRODUTO_NAO_ENCONTRADO", f"Produto {produto_id} não existe.")
    produtos.lembrar_do_catalogo(cache, produto)
    if not produto["ativo"]:
        raise ApiError(409, "PRODUTO_INATIVO", f"{produto['nome']} não está mais à venda.")
    if produto["estoque"] < quantidade_total:
        raise ApiError(
            409,
            "ESTOQUE_INSUFICIENTE",
            f"Só há {produto['estoque']} unidades de {produto['nome']}.",
            disponivel=produto["estoque"],
            solicitado=quantidade_total,
        )
    return str(reais(produto["preco"]))


@api.post("/<session_id>/adicionar")
def adicionar(path: SessaoPath, body: ItemNovo) -> tuple[Response, int]:
    """Add units of a product (to its line if already there), checked with the catalog."""
    campos = _carrinhos().ler(path.session_id)
    ja_tem = int(campos.get(f"item:{body.produto_id}", 0))
    preco = _preco_atual(body.produto_id, ja_tem + body.quantidade)
    _carrinhos().adicionar(path.session_id, body.produto_id, body.quantidade, preco)
    return ok(_ver(path.session_id))


@api.put("/<session_id>/itens/<produto_id>")
def definir_quantidade(path: ItemPath, body: QuantidadeNova) -> tuple[Response, int]:
    """Set a line's quantity (0 removes it); works with the catalog down."""
    _carrinhos().definir(path.session_id, path.produto_id, body.quantidade)
    return ok(_ver(path.session_id))


@api.delete("/<session_id>/itens/<produto_id>")
def remover_item(path: ItemPath) -> tuple[Response, int]:
    """Remove a line."""
    _carrinhos().definir(path.session_id, path.produto_id, 0)
    return ok(_ver(path.session_id))


@api.delete("/<session_id>")
def descartar(path: SessaoPath) -> tuple[Response, int]:
    """Throw the cart away (its session ends)."""
    _carrinhos().descartar(path.session_id)
    return ok({"session_id": path.session_id, "descartado": True})


@api.post("/<session_id>/checkout")
def checkout(path: SessaoPath, body: DadosDeCheckout) -> tuple[Response, int]:
    """Turn the cart into an order (a retry creates no second one); `Prefer: wait=N` waits for its fate."""
    carrinho = _ver(path.session_id)
    enviar: Checkout = current_app.extensions["checkout"]
    pedido, status = enviar.enviar(
        path.session_id,
        carrinho,
        body.model_dump(mode="json", exclude_none=True),
        request.headers.get("Prefer"),
    )
    return ok(pedido, status=status)
