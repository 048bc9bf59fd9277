"""Products and categories in PostgreSQL: rows in, aggregates out; a duplicate name is NOME_DUPLICADO."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import models
from ..dominio.produtos import Categoria, Produto, nome_duplicado

# What a staff change may write: the stock moves only through the stock adapter's atomic updates.
_CAMPOS_DO_PRODUTO = (
    "nome",
    "descricao",
    "preco",
    "categoria_id",
    "ativo",
    "imagem_url",
    "versao",
    "atualizado_em",
)
_CAMPOS_DA_CATEGORIA = ("nome", "descricao", "ativo", "versao")


class ProdutosSql:
    """The `produtos` table."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def adicionar(self, dados: Mapping[str, Any]) -> Produto:
        """Insert the product; NOME_DUPLICADO when its name is taken."""
        linha = models.Produto(**dados)
        self._session.add(linha)
        _gravar(self._session, nome_duplicado(str(dados["nome"]), "produto"))
        self._session.refresh(linha)
        return _produto(linha)

    def travado(self, produto_id: int) -> Produto | None:
        """The product, locked (`FOR UPDATE OF produtos`) until the transaction ends."""
        linha = self._session.execute(
            sa.select(models.Produto)
            .where(models.Produto.id == produto_id)
            .with_for_update(of=models.Produto)
        ).scalar()
        return _produto(linha) if linha is not None else None

    def salvar(self, produto: Produto) -> Produto:
        """Write the product's changes; read back what the database stored (category name, rounding)."""
        linha = self._session.get_one(models.Produto, produto.id)
        for campo in _CAMPOS_DO_PRODUTO:
            setattr(linha, campo, getattr(produto, campo))
        _gravar(self._session, nome_duplicado(produto.nome))
        self._session.refresh(linha)
        return _produto(linha)


class CategoriasSql:
    """The `categorias` table."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def obter(self, categoria_id: int) -> Categoria | None:
        """The category, if it exists."""
        linha = self._session.get(models.Categoria, categoria_id)
        return _categoria(linha) if linha is not None else None

    def travada(self, categoria_id: int) -> Categoria | None:
        """The category, locked until the transaction ends."""
        linha = self._session.execute(
            sa.select(models.Categoria).where(models.Categoria.id == categoria_id).with_for_update()
        ).scalar()
        return _categoria(linha) if linha is not None else None

    def adicionar(self, dados: Mapping[str, Any]) -> Categoria:
        """Insert the category; NOME_DUPLICADO when its name is taken."""
        linha = models.Categoria(**dados)
        self._session.add(linha)
        _gravar(self._session, nome_duplicado(str(dados["nome"])))
        self._session.refresh(linha)
        return _categoria(linha)

    def salvar(self, categoria: Categoria) -> Categoria:
        """Write the category's changes."""
        linha = self._session.get_one(models.Categoria, categoria.id)
        for campo in _CAMPOS_DA_CATEGORIA:
            setattr(linha, campo, getattr(categoria, campo))
        _gravar(self._session, nome_duplicado(categoria.nome))
        return _categoria(linha)


# PostgreSQL's unique_violation: the unique index on the name is the one a staff change can break
# (nulls are refused by the schemas, a missing category by the domain); anything else is a fault.
VIOLACAO_DE_UNICIDADE = "23505"


def _gravar(session: Session, se_nome_repetido: Exception) -> None:
    try:
        session.flush()
    except IntegrityError as erro:
        if getattr(erro.orig, "pgcode", None) != VIOLACAO_DE_UNICIDADE:
            raise
        raise se_nome_repetido from None


def _produto(linha: models.Produto) -> Produto:
    return Produto(
        id=linha.id,
        nome=linha.nome,
        descricao=linha.descricao,
        preco=linha.preco,
        estoque=linha.estoque,
        categoria_id=linha.categoria_id,
        categoria_nome=linha.categoria.nome,
        ativo=linha.ativo,
        imagem_url=linha.imagem_url,
        versao=linha.versao,
        criado_em=linha.criado_em,
        atualizado_em=linha.atualizado_em,
    )


def _categoria(linha: models.Categoria) -> Categoria:
    return Categoria(linha.id, linha.nome, linha.descricao, linha.ativo, linha.versao)
