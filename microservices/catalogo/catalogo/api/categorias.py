"""Category endpoints: the public list with product counts, and staff create and change."""

from __future__ import annotations

from flask import Response
from flask_openapi3 import APIBlueprint, Tag

from confeitaria_shared.auth import staff_para_escritas
from confeitaria_shared.openapi import STAFF_ONLY
from confeitaria_shared.responses import ok

from .. import consultas, produtos
from ..regras import versao_esperada
from ..schemas import CategoriaAlteracao, CategoriaNova, CategoriaPath
from . import cacheavel, escrita, if_match, leitor

api = APIBlueprint("categorias", __name__, url_prefix="/api", abp_tags=[Tag(name="categorias")])
staff_para_escritas(api)
api.after_request(cacheavel)


@api.get("/categorias")
def listar_categorias() -> tuple[Response, int]:
    """Active categories with how many active products each has."""
    categorias = leitor().ler(consultas.listar_categorias)
    return ok(categorias, total=len(categorias))


@api.post("/categorias", security=STAFF_ONLY)
def criar_categoria(body: CategoriaNova) -> tuple[Response, int]:
    """Create a category (staff)."""
    return ok(produtos.criar_categoria(escrita(), body), status=201)


@api.put("/categorias/<categoria_id>", security=STAFF_ONLY)
def alterar_categoria(path: CategoriaPath, body: CategoriaAlteracao) -> tuple[Response, int]:
    """Change or deactivate (`ativo: false`) a category (staff), with the version read."""
    versao, por_if_match = versao_esperada(body.versao, if_match())
    return ok(produtos.alterar_categoria(escrita(), path.categoria_id, body, versao, por_if_match))
