"""Public catalog reads: products (with filters) and categories."""

from __future__ import annotations

from flask import Blueprint, Response, request

from confeitaria_shared.responses import ok
from confeitaria_shared.validation import query_bool, query_decimal, query_int

from . import consultas

api = Blueprint("catalogo", __name__, url_prefix="/api")


@api.get("/produtos")
def listar_produtos() -> tuple[Response, int]:
    """List active products filtered by category, maximum price and availability."""
    filtro = consultas.FiltroProdutos(
        categoria_id=query_int(request.args, "categoria_id", minimum=1),
        preco_max=query_decimal(request.args, "preco_max"),
        em_estoque=query_bool(request.args, "em_estoque"),
    )
    produtos = consultas.listar_produtos(filtro)
    return ok([p.to_dict() for p in produtos], total=len(produtos))


@api.get("/categorias")
def listar_categorias() -> tuple[Response, int]:
    """List the categories with how many active products each has."""
    categorias = consultas.listar_categorias()
    return ok(categorias, total=len(categorias))
