"""Category endpoints: the public list with product counts, and staff create and change."""

from __future__ import annotations

from flask import Response
from flask_openapi3 import APIBlueprint, Tag

from confeitaria_shared.auth import staff_para_escritas
from confeitaria_shared.extensoes import extensao
from confeitaria_shared.openapi import STAFF_ONLY
from confeitaria_shared.responses import ok

from ..adaptadores import consultas
from ..adaptadores.leitura import Leitor
from ..schemas import CategoriaAlteracao, CategoriaNova, CategoriaPath
from ..servicos import categorias
from . import LEITOR, cacheavel, unidade, versao_do_if_match

api = APIBlueprint("categorias", __name__, url_prefix="/api", abp_tags=[Tag(name="categorias")])
staff_para_escritas(api)
api.after_request(cacheavel)


@api.get("/categorias")
def listar_categorias() -> tuple[Response, int]:
    """Active categories with how many active products each has."""
    lista = extensao(LEITOR, Leitor).ler(consultas.listar_categorias)
    return ok(lista, total=len(lista))


@api.post("/categorias", security=STAFF_ONLY)
def criar_categoria(body: CategoriaNova) -> tuple[Response, int]:
    """Create a category (staff)."""
    with unidade() as uow:
        return ok(categorias.criar_categoria(uow, body), status=201)


@api.put("/categorias/<categoria_id>", security=STAFF_ONLY)
def alterar_categoria(path: CategoriaPath, body: CategoriaAlteracao) -> tuple[Response, int]:
    """Change or deactivate (`ativo: false`) a category (staff), with the version read."""
    if_match = versao_do_if_match()
    with unidade() as uow:
        return ok(categorias.alterar_categoria(uow, path.categoria_id, body, if_match))
