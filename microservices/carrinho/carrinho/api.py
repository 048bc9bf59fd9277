"""Cart endpoints: sessions, lines, reading with totals, checkout."""

from __future__ import annotations

from flask import Response, current_app, request
from flask_openapi3 import APIBlueprint, Tag

from confeitaria_shared.contratos import DadosDeCheckout
from confeitaria_shared.responses import ok

from . import adicao
from .carrinhos import Carrinhos
from .catalogo import ClienteCatalogo
from .checkout import Checkout
from .leitura import Retrato, montar
from .schemas import ItemNovo, ItemPath, QuantidadeNova, SessaoPath

api = APIBlueprint("carrinho", __name__, url_prefix="/api/carrinho", abp_tags=[Tag(name="carrinho")])


def _carrinhos() -> Carrinhos:
    carrinhos: Carrinhos = current_app.extensions["carrinhos"]
    return carrinhos


def _catalogo() -> ClienteCatalogo:
    cliente: ClienteCatalogo = current_app.extensions["catalogo"]
    return cliente


def _mostrar(session_id: str, retrato: Retrato) -> dict[str, object]:
    return montar(session_id, retrato, _carrinhos().expira_em())


def _ver(session_id: str) -> dict[str, object]:
    return _mostrar(session_id, _carrinhos().ler(session_id))


@api.post("/sessao")
def criar_sessao() -> tuple[Response, int]:
    """Open a new cart session (expires after CARRINHO_TTL_S idle; every use renews it)."""
    return ok(_carrinhos().criar(), status=201)


@api.get("/<session_id>")
def obter_carrinho(path: SessaoPath) -> tuple[Response, int]:
    """The cart's lines, totals and flags, from Redis alone (no call to the catalog)."""
    return ok(_ver(path.session_id))


@api.post("/<session_id>/adicionar")
def adicionar(path: SessaoPath, body: ItemNovo) -> tuple[Response, int]:
    """Add units of a product (to its line if already there), answered from the cart's product copy."""
    retrato = adicao.adicionar(_carrinhos(), _catalogo(), path.session_id, body.produto_id, body.quantidade)
    return ok(_mostrar(path.session_id, retrato))


@api.put("/<session_id>/itens/<produto_id>")
def definir_quantidade(path: ItemPath, body: QuantidadeNova) -> tuple[Response, int]:
    """Set a line's quantity (0 removes it); works with the catalog down."""
    retrato = _carrinhos().definir(path.session_id, path.produto_id, body.quantidade)
    return ok(_mostrar(path.session_id, retrato))


@api.delete("/<session_id>/itens/<produto_id>")
def remover_item(path: ItemPath) -> tuple[Response, int]:
    """Remove a line."""
    return ok(_mostrar(path.session_id, _carrinhos().definir(path.session_id, path.produto_id, 0)))


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
