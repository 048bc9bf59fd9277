"""Product endpoints: the public list and detail, and staff create, change and deactivate."""

from __future__ import annotations

from flask import Response
from flask_openapi3 import APIBlueprint, Tag

from confeitaria_shared.auth import staff_para_escritas
from confeitaria_shared.extensoes import extensao
from confeitaria_shared.openapi import STAFF_ONLY
from confeitaria_shared.responses import ok

from ..adaptadores import consultas
from ..adaptadores.leitura import Leitor
from ..schemas import ProdutoAlteracao, ProdutoNovo, ProdutoPath, ProdutosQuery
from ..servicos import produtos
from . import LEITOR, cacheavel, unidade, versao_do_if_match

api = APIBlueprint("produtos", __name__, url_prefix="/api", abp_tags=[Tag(name="produtos")])
staff_para_escritas(api)
api.after_request(cacheavel)


@api.get("/produtos")
def listar_produtos(query: ProdutosQuery) -> tuple[Response, int]:
    """List active products: filters, Portuguese search (busca), order and pages."""
    dados, total = consultas.listar_produtos(extensao(LEITOR, Leitor), query)
    return ok(dados, total=total, pagina=query.pagina, por_pagina=query.por_pagina)


@api.get("/produtos/<produto_id>")
def obter_produto(path: ProdutoPath) -> tuple[Response, int]:
    """One product, active or not."""
    return ok(consultas.detalhe_do_produto(extensao(LEITOR, Leitor), path.produto_id))


@api.post("/produtos", security=STAFF_ONLY)
def criar_produto(body: ProdutoNovo) -> tuple[Response, int]:
    """Create a product (staff)."""
    with unidade() as uow:
        return ok(produtos.criar_produto(uow, body), status=201)


@api.put("/produtos/<produto_id>", security=STAFF_ONLY)
def alterar_produto(path: ProdutoPath, body: ProdutoAlteracao) -> tuple[Response, int]:
    """Change a product (staff), sending the version read in `versao` or If-Match."""
    if_match = versao_do_if_match()
    with unidade() as uow:
        return ok(produtos.alterar_produto(uow, path.produto_id, body, if_match))


@api.delete("/produtos/<produto_id>", security=STAFF_ONLY)
def desativar_produto(path: ProdutoPath) -> tuple[Response, int]:
    """Deactivate a product (staff); it stays readable by id, flagged inactive."""
    with unidade() as uow:
        return ok(produtos.desativar_produto(uow, path.produto_id))
