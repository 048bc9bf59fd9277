"""Staff use cases on categories: create, and change or deactivate with the version read."""

from __future__ import annotations

from confeitaria_shared.dominio import NaoEncontradoError

from ..dominio.versoes import versao_lida
from ..schemas import CategoriaAlteracao, CategoriaNova
from .portas import UnidadeDoCatalogo


def criar_categoria(uow: UnidadeDoCatalogo, nova: CategoriaNova) -> dict[str, object]:
    """Create a category."""
    categoria = uow.categorias.adicionar(nova.model_dump())
    uow.commit()
    return categoria.como_a_api_mostra()


def alterar_categoria(
    uow: UnidadeDoCatalogo, categoria_id: int, alteracao: CategoriaAlteracao, if_match: int | None
) -> dict[str, object]:
    """Change a category read at the version given (409/412 when stale)."""
    lida = versao_lida(alteracao.versao, if_match)
    categoria = uow.categorias.travada(categoria_id)
    if categoria is None:
        raise NaoEncontradoError("CATEGORIA_NAO_ENCONTRADA", f"Categoria {categoria_id} não existe.")
    categoria.alterar(alteracao.model_dump(exclude_unset=True, exclude={"versao"}), lida)
    salva = uow.categorias.salvar(categoria)
    uow.commit()
    return salva.como_a_api_mostra()
