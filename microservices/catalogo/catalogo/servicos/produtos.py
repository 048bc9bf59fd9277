"""Staff use cases on products: create, change (optimistic versions), deactivate."""

from __future__ import annotations

from confeitaria_shared.contratos import eventos

from ..dominio.estoque import Movimento
from ..dominio.produtos import Produto, exigir_categoria_ativa, produto_nao_encontrado
from ..dominio.versoes import versao_lida
from ..schemas import ProdutoAlteracao, ProdutoNovo
from .portas import UnidadeDoCatalogo


def criar_produto(uow: UnidadeDoCatalogo, novo: ProdutoNovo) -> dict[str, object]:
    """Create a product with its opening stock movement and ProdutoCriado."""
    exigir_categoria_ativa(uow.categorias.obter(novo.categoria_id), novo.categoria_id)
    produto = uow.produtos.adicionar(novo.model_dump())
    uow.estoque.registrar(Movimento(produto.id, produto.estoque, produto.estoque, "inicial"))
    dados = produto.como_a_api_mostra()
    uow.eventos.de_produto(eventos.PRODUTO_CRIADO, produto.id, produto.versao, dados)
    uow.commit()
    return dados


def alterar_produto(
    uow: UnidadeDoCatalogo, produto_id: int, alteracao: ProdutoAlteracao, if_match: int | None
) -> dict[str, object]:
    """Change a product read at the version given (body or If-Match); ProdutoAtualizado, PrecoAlterado."""
    lida = versao_lida(alteracao.versao, if_match)
    produto = _travado(uow, produto_id)
    mudancas = alteracao.model_dump(exclude_unset=True, exclude={"versao"})
    categoria = uow.categorias.obter(mudancas["categoria_id"]) if "categoria_id" in mudancas else None
    feita = produto.alterar(mudancas, lida, categoria, uow.agora())
    salvo = uow.produtos.salvar(produto)
    for tipo, dados in feita.eventos(salvo):
        uow.eventos.de_produto(tipo, salvo.id, salvo.versao, dados)
    uow.commit()
    return salvo.como_a_api_mostra()


def desativar_produto(uow: UnidadeDoCatalogo, produto_id: int) -> dict[str, object]:
    """Deactivate a product (idempotent: an inactive product stays as it is)."""
    produto = _travado(uow, produto_id)
    contados = produto.desativar(uow.agora())
    if contados:
        produto = uow.produtos.salvar(produto)
    for tipo, dados in contados:
        uow.eventos.de_produto(tipo, produto.id, produto.versao, dados)
    uow.commit()
    return produto.como_a_api_mostra()


def _travado(uow: UnidadeDoCatalogo, produto_id: int) -> Produto:
    produto = uow.produtos.travado(produto_id)
    if produto is None:
        raise produto_nao_encontrado(produto_id)
    return produto
