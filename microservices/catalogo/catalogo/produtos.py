"""Product and category use cases for staff: create, change (optimistic versions), deactivate."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from confeitaria_shared.errors import ApiError

from .estoque import registrar_movimento
from .eventos import publicar_de_produto
from .models import Categoria, Produto
from .regras import conflito_de_versao
from .schemas import CategoriaAlteracao, CategoriaNova, ProdutoAlteracao, ProdutoNovo


def _categoria_ativa(session: Session, categoria_id: int) -> Categoria:
    categoria = session.get(Categoria, categoria_id)
    if categoria is None or not categoria.ativo:
        raise ApiError(422, "CATEGORIA_INVALIDA", f"Categoria {categoria_id} não existe ou está inativa.")
    return categoria


def _commit_ou_conflito(session: Session, nome: str) -> None:
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise ApiError(409, "NOME_DUPLICADO", f"Já existe um registro chamado {nome!r}.") from None


def produto_travado(session: Session, produto_id: int) -> Produto:
    """The product, locked for this transaction; 404 when it does not exist."""
    produto = session.execute(
        sa.select(Produto).where(Produto.id == produto_id).with_for_update(of=Produto)
    ).scalar()
    if produto is None:
        raise ApiError(404, "PRODUTO_NAO_ENCONTRADO", f"Produto {produto_id} não existe.")
    return produto


def criar_produto(session: Session, novo: ProdutoNovo) -> dict[str, object]:
    """Create a product with its opening stock movement and ProdutoCriado."""
    _categoria_ativa(session, novo.categoria_id)
    produto = Produto(**novo.model_dump())
    session.add(produto)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise ApiError(409, "NOME_DUPLICADO", f"Já existe um produto chamado {novo.nome!r}.") from None
    session.refresh(produto)
    registrar_movimento(session, produto.id, produto.estoque, produto.estoque, "inicial")
    dados = produto.to_dict()
    publicar_de_produto(session, "ProdutoCriado", produto.id, produto.versao, dados)
    _commit_ou_conflito(session, novo.nome)
    return dados


def alterar_produto(
    session: Session, produto_id: int, alteracao: ProdutoAlteracao, versao: int, if_match: bool
) -> dict[str, object]:
    """Change a product read at `versao`: 409/412 if it changed since; ProdutoAtualizado, PrecoAlterado."""
    produto = produto_travado(session, produto_id)
    if produto.versao != versao:
        raise conflito_de_versao(produto.versao, versao, if_match)
    mudancas = alteracao.model_dump(exclude_unset=True, exclude={"versao"})
    if "categoria_id" in mudancas:
        _categoria_ativa(session, mudancas["categoria_id"])
    preco_anterior = produto.preco
    for campo, valor in mudancas.items():
        setattr(produto, campo, valor)
    produto.versao += 1
    produto.atualizado_em = datetime.now(UTC)
    session.flush()
    session.refresh(produto)
    dados = produto.to_dict()
    _publicar_alteracoes(session, produto, mudancas, preco_anterior, dados)
    _commit_ou_conflito(session, produto.nome)
    return dados


def _publicar_alteracoes(
    session: Session,
    produto: Produto,
    mudancas: dict[str, Any],
    preco_anterior: object,
    dados: dict[str, object],
) -> None:
    publicar_de_produto(
        session, "ProdutoAtualizado", produto.id, produto.versao, {"alteracoes": mudancas, "produto": dados}
    )
    if "preco" in mudancas and mudancas["preco"] != preco_anterior:
        precos = {"produto_id": produto.id, "preco_anterior": preco_anterior, "preco_novo": produto.preco}
        publicar_de_produto(session, "PrecoAlterado", produto.id, produto.versao, precos)
    if mudancas.get("ativo") is False:
        publicar_de_produto(
            session, "ProdutoDesativado", produto.id, produto.versao, {"produto_id": produto.id}
        )


def desativar_produto(session: Session, produto_id: int) -> dict[str, object]:
    """Deactivate a product (idempotent: an inactive product stays as it is)."""
    produto = produto_travado(session, produto_id)
    if produto.ativo:
        produto.ativo = False
        produto.versao += 1
        produto.atualizado_em = datetime.now(UTC)
        publicar_de_produto(
            session, "ProdutoDesativado", produto.id, produto.versao, {"produto_id": produto.id}
        )
    session.commit()
    return produto.to_dict()


def criar_categoria(session: Session, nova: CategoriaNova) -> dict[str, object]:
    """Create a category."""
    categoria = Categoria(**nova.model_dump())
    session.add(categoria)
    _commit_ou_conflito(session, nova.nome)
    return categoria.to_dict()


def alterar_categoria(
    session: Session, categoria_id: int, alteracao: CategoriaAlteracao, versao: int, if_match: bool
) -> dict[str, object]:
    """Change a category read at `versao` (409/412 when stale)."""
    categoria = session.execute(
        sa.select(Categoria).where(Categoria.id == categoria_id).with_for_update()
    ).scalar()
    if categoria is None:
        raise ApiError(404, "CATEGORIA_NAO_ENCONTRADA", f"Categoria {categoria_id} não existe.")
    if categoria.versao != versao:
        raise conflito_de_versao(categoria.versao, versao, if_match)
    for campo, valor in alteracao.model_dump(exclude_unset=True, exclude={"versao"}).items():
        setattr(categoria, campo, valor)
    categoria.versao += 1
    _commit_ou_conflito(session, categoria.nome)
    return categoria.to_dict()
