"""Cart endpoints: sessions, lines, reading with totals, checkout."""

from __future__ import annotations

from flask import Response, request
from flask_openapi3 import APIBlueprint, Tag

from confeitaria_shared.auth import Autenticador, cliente_logado, e_staff
from confeitaria_shared.contratos import DadosDeCheckout
from confeitaria_shared.errors import error_response
from confeitaria_shared.extensoes import extensao
from confeitaria_shared.openapi import BEARER
from confeitaria_shared.responses import ok

from .adaptadores.catalogo_cliente import ClienteCatalogo
from .adaptadores.pedidos_cliente import ClientePedidos
from .adaptadores.redis_carrinhos import CarrinhosRedis
from .adaptadores.redis_copias import CopiasRedis
from .dominio.carrinho import chamador
from .dominio.erros import PedidoRecusadoError
from .schemas import ItemNovo, ItemPath, QuantidadeNova, SessaoPath
from .servicos import carrinhos as casos
from .servicos.checkout import finalizar_compra

api = APIBlueprint("carrinho", __name__, url_prefix="/api/carrinho", abp_tags=[Tag(name="carrinho")])


def _carrinhos() -> CarrinhosRedis:
    return extensao("carrinhos", CarrinhosRedis)


def _quem() -> str:
    """Who calls, as the cart's scripts check it: '*' for staff, a customer's id, '' for a guest."""
    return chamador(e_staff(), cliente_logado())


@api.errorhandler(PedidoRecusadoError)
def _pedido_recusado(erro: PedidoRecusadoError) -> tuple[Response, int]:
    # The orders service's refusal keeps its own status (a 413 stays a 413), not its kind's.
    return error_response(erro.status, erro.codigo, erro.mensagem, **erro.detalhes)


@api.post("/sessao", security=BEARER)
def criar_sessao() -> tuple[Response, int]:
    """Open a cart (a logged-in customer's answers only to them); it expires after CARRINHO_TTL_S idle."""
    return ok(casos.abrir_sessao(_carrinhos(), cliente_logado()), status=201)


@api.get("/<session_id>", security=BEARER)
def obter_carrinho(path: SessaoPath) -> tuple[Response, int]:
    """The cart's lines, totals and flags, from Redis alone (no call to the catalog)."""
    return ok(casos.ver(_carrinhos(), path.session_id, _quem()))


@api.post("/<session_id>/adicionar", security=BEARER)
def adicionar(path: SessaoPath, body: ItemNovo) -> tuple[Response, int]:
    """Add units of a product (to its line if already there), answered from the cart's product copy."""
    carrinhos, copias = _carrinhos(), extensao("copias", CopiasRedis)
    catalogo = extensao("catalogo", ClienteCatalogo)
    carrinho = casos.adicionar(
        carrinhos, copias, catalogo, path.session_id, body.produto_id, body.quantidade, _quem()
    )
    return ok(carrinho)


@api.put("/<session_id>/itens/<produto_id>", security=BEARER)
def definir_quantidade(path: ItemPath, body: QuantidadeNova) -> tuple[Response, int]:
    """Set a line's quantity (0 removes it); works with the catalog down."""
    return ok(
        casos.definir_quantidade(_carrinhos(), path.session_id, path.produto_id, body.quantidade, _quem())
    )


@api.delete("/<session_id>/itens/<produto_id>", security=BEARER)
def remover_item(path: ItemPath) -> tuple[Response, int]:
    """Remove a line."""
    return ok(casos.remover(_carrinhos(), path.session_id, path.produto_id, _quem()))


@api.delete("/<session_id>", security=BEARER)
def descartar(path: SessaoPath) -> tuple[Response, int]:
    """Throw the cart away (its session ends)."""
    return ok(casos.descartar(_carrinhos(), path.session_id, _quem()))


@api.post("/<session_id>/checkout", security=BEARER)
def checkout(path: SessaoPath, body: DadosDeCheckout) -> tuple[Response, int]:
    """Turn the cart into one order, whatever the retries; `Prefer: wait=N` (N ≤ 10) waits for its fate.

    A customer's cart makes their order; a guest's cart a guest's order, answered with `token_de_acesso`.
    """
    pedido, status = finalizar_compra(
        _carrinhos(),
        extensao("pedidos", ClientePedidos),
        extensao("autenticador", Autenticador),
        path.session_id,
        _quem(),
        cliente_logado(),
        body.model_dump(mode="json", exclude_none=True),
        request.headers.get("Prefer"),
        request.headers.get("Authorization"),
    )
    return ok(pedido, status=status)
