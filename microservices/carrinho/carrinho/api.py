"""Cart endpoints: sessions, lines, reading with totals, checkout."""

from __future__ import annotations

from flask import Response, current_app, request
from flask_openapi3 import APIBlueprint, Tag

from confeitaria_shared.auth import cliente_logado, e_staff
from confeitaria_shared.contratos import DadosDeCheckout
from confeitaria_shared.errors import ApiError
from confeitaria_shared.openapi import BEARER
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


def _quem() -> str:
    """Who calls, as the cart's scripts check it: '*' for staff, a customer's id, '' for a guest."""
    return "*" if e_staff() else (cliente_logado() or "")


def _mostrar(session_id: str, retrato: Retrato) -> dict[str, object]:
    return montar(session_id, retrato, _carrinhos().expira_em())


def _ver(session_id: str) -> dict[str, object]:
    return _mostrar(session_id, _carrinhos().ler(session_id, _quem()))


@api.post("/sessao", security=BEARER)
def criar_sessao() -> tuple[Response, int]:
    """Open a cart (a logged-in customer's answers only to them); it expires after CARRINHO_TTL_S idle."""
    return ok(_carrinhos().criar(cliente_logado()), status=201)


@api.get("/<session_id>", security=BEARER)
def obter_carrinho(path: SessaoPath) -> tuple[Response, int]:
    """The cart's lines, totals and flags, from Redis alone (no call to the catalog)."""
    return ok(_ver(path.session_id))


@api.post("/<session_id>/adicionar", security=BEARER)
def adicionar(path: SessaoPath, body: ItemNovo) -> tuple[Response, int]:
    """Add units of a product (to its line if already there), answered from the cart's product copy."""
    retrato = adicao.adicionar(
        _carrinhos(), _catalogo(), path.session_id, body.produto_id, body.quantidade, _quem()
    )
    return ok(_mostrar(path.session_id, retrato))


@api.put("/<session_id>/itens/<produto_id>", security=BEARER)
def definir_quantidade(path: ItemPath, body: QuantidadeNova) -> tuple[Response, int]:
    """Set a line's quantity (0 removes it); works with the catalog down."""
    retrato = _carrinhos().definir(path.session_id, path.produto_id, body.quantidade, _quem())
    return ok(_mostrar(path.session_id, retrato))


@api.delete("/<session_id>/itens/<produto_id>", security=BEARER)
def remover_item(path: ItemPath) -> tuple[Response, int]:
    """Remove a line."""
    retrato = _carrinhos().definir(path.session_id, path.produto_id, 0, _quem())
    return ok(_mostrar(path.session_id, retrato))


@api.delete("/<session_id>", security=BEARER)
def descartar(path: SessaoPath) -> tuple[Response, int]:
    """Throw the cart away (its session ends)."""
    _carrinhos().descartar(path.session_id, _quem())
    return ok({"session_id": path.session_id, "descartado": True})


@api.post("/<session_id>/checkout", security=BEARER)
def checkout(path: SessaoPath, body: DadosDeCheckout) -> tuple[Response, int]:
    """Turn the cart into one order, whatever the retries; `Prefer: wait=N` (N ≤ 10) waits for its fate.

    A customer's cart makes their order; a guest's cart a guest's order, answered with `token_de_acesso`.
    """
    carrinho = _ver(path.session_id)
    dono = carrinho["cliente_id"]
    if dono and cliente_logado() != dono:
        # Staff may see a customer's cart, but the order it becomes is the customer's to place.
        raise ApiError(403, "PROIBIDO", "Só o cliente dono do carrinho finaliza a compra.")
    enviar: Checkout = current_app.extensions["checkout"]
    pedido, status = enviar.enviar(
        path.session_id,
        carrinho,
        body.model_dump(mode="json", exclude_none=True),
        request.headers.get("Prefer"),
        request.headers.get("Authorization") if dono else None,
    )
    return ok(pedido, status=status)
