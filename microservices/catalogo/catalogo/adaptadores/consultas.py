"""Read-side queries of the catalog: product list with filters and search, details, stock, history."""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from confeitaria_shared.consultas import onde_iguais, utc

from ..dominio.produtos import produto_nao_encontrado
from ..models import Categoria, MovimentoEstoque, Produto
from ..schemas import HistoricoQuery, ProdutosQuery
from .leitura import Leitor

_ORDEM = {"nome": "nome", "preco": "preco", "recentes": "criado_em"}
_DIRECAO_PADRAO = {"nome": "asc", "preco": "asc", "recentes": "desc"}


# A list statement depends only on the form of the request (which filters, which order); the
# values travel as parameters. Each form is built and compiled once per process: building the
# lateral page's columns again on every request was half of an uncached page's CPU.
_FORMAS_EM_CACHE = 512


def _forma(filtro: ProdutosQuery) -> tuple[object, ...]:
    """What decides the statement of a list request: which filters are present, and the order."""
    return (
        filtro.ids is not None,
        filtro.categoria_id is not None,
        filtro.preco_min is not None,
        filtro.preco_max is not None,
        filtro.em_estoque,
        bool(filtro.busca),
        filtro.ordenar,
        filtro.direcao or _DIRECAO_PADRAO[filtro.ordenar],
    )


def _parametros(filtro: ProdutosQuery) -> dict[str, object]:
    return {
        "ids": [int(i) for i in filtro.ids.split(",")] if filtro.ids else None,
        "categoria_id": filtro.categoria_id,
        "preco_min": filtro.preco_min,
        "preco_max": filtro.preco_max,
        "busca": filtro.busca,
        "limite": filtro.por_pagina,
        "salto": (filtro.pagina - 1) * filtro.por_pagina,
    }


def _filtrar(consulta: sa.Select[Any], forma: tuple[object, ...]) -> sa.Select[Any]:
    ids, categoria, preco_min, preco_max, em_estoque, busca = forma[:6]
    # `ativo` bare (not `IS true`): it is the predicate of the partial indexes (migration 0003).
    consulta = consulta.where(Produto.ativo)
    if ids:
        consulta = consulta.where(Produto.id == sa.func.any(sa.bindparam("ids", type_=ARRAY(sa.BigInteger))))
    if categoria:
        consulta = consulta.where(Produto.categoria_id == sa.bindparam("categoria_id"))
    if preco_min:
        consulta = consulta.where(Produto.preco >= sa.bindparam("preco_min"))
    if preco_max:
        consulta = consulta.where(Produto.preco <= sa.bindparam("preco_max"))
    if em_estoque is True:
        consulta = consulta.where(Produto.estoque > sa.literal_column("0"))
    elif em_estoque is False:
        consulta = consulta.where(Produto.estoque == sa.literal_column("0"))
    if busca:
        termos = sa.func.websearch_to_tsquery(
            sa.literal_column("'pt_sem_acento'::regconfig"), sa.bindparam("busca", type_=sa.Text)
        )
        consulta = consulta.where(sa.literal_column("produtos.busca").op("@@")(termos))
    return consulta


def _ordem(forma: tuple[object, ...], produto: Any) -> tuple[sa.ColumnElement[Any], ...]:
    # The id breaks ties, always ascending (as the list always did).
    ordenar, direcao = forma[6:8]
    coluna = getattr(produto, _ORDEM[str(ordenar)])
    return (coluna.desc() if direcao == "desc" else coluna.asc(), produto.id)


@functools.lru_cache(maxsize=_FORMAS_EM_CACHE)
def _sql_da_lista(forma: tuple[object, ...]) -> str:
    """The list statement of one form: rows and total together, compiled for the driver."""
    # The count is the row every answer has; the page joins it laterally, so a page past the end
    # is one row with no product and still carries the right total.
    contagem = _filtrar(sa.select(sa.func.count().label("total")).select_from(Produto), forma).cte()
    # Past the end, the page is not even read: its offset is checked against the count first.
    ainda_ha = contagem.c.total > sa.bindparam("salto")
    pagina = (
        _filtrar(sa.select(Produto.__table__), forma)
        .where(ainda_ha)
        .order_by(*_ordem(forma, Produto))
        .limit(sa.bindparam("limite", type_=sa.Integer))
        .offset(sa.bindparam("salto", type_=sa.Integer))
        .correlate(contagem)
        .subquery()
        .lateral()
    )
    categorias = Categoria.__table__
    consulta = (
        sa.select(contagem.c.total, *_colunas_do_produto(pagina))
        .select_from(contagem)
        .outerjoin(pagina, sa.true())
        .outerjoin(categorias, categorias.c.id == pagina.c.categoria_id)
        # Joins may reorder the page's rows: the outer query keeps the page's order.
        .order_by(*_ordem(forma, pagina.c))
    )
    return _sql_do_driver(consulta)


# What the API shows of a product, in its order: the product's columns and its category's name.
_CAMPOS = (
    "id", "nome", "descricao", "preco", "estoque", "categoria_id",
    "categoria_nome",
    "ativo", "imagem_url", "versao", "criado_em", "atualizado_em",
)  # fmt: skip


def _colunas_do_produto(tabela: Any) -> list[sa.ColumnElement[Any]]:
    return [
        Categoria.__table__.c.nome.label("categoria_nome") if campo == "categoria_nome" else tabela.c[campo]
        for campo in _CAMPOS
    ]


def _como_a_api_mostra(linha: sa.RowMapping) -> dict[str, object]:
    produto = {campo: linha[campo] for campo in _CAMPOS}
    produto["criado_em"] = linha["criado_em"].isoformat()
    produto["atualizado_em"] = linha["atualizado_em"].isoformat()
    return produto


def listar_produtos(leitor: Leitor, filtro: ProdutosQuery) -> tuple[list[dict[str, object]], int]:
    """One page of active products matching the filter, and how many match in all (one statement)."""
    sql, parametros = _sql_da_lista(_forma(filtro)), _parametros(filtro)
    linhas = leitor.ler_na_conexao(
        lambda conexao, _: conexao.exec_driver_sql(sql, parametros).mappings().all()
    )
    return [_como_a_api_mostra(linha) for linha in linhas if linha["id"] is not None], linhas[0]["total"]


def _sql_do_driver(consulta: sa.Select[Any]) -> str:
    """The statement as psycopg2 receives it, with `%(name)s` parameters."""
    return str(consulta.compile(dialect=postgresql.psycopg2.dialect()))


def obter_produto(session: Session, produto_id: int) -> Produto:
    """A product (active or not); 404 when it does not exist."""
    produto = session.get(Produto, produto_id)
    if produto is None:
        raise produto_nao_encontrado(produto_id)
    return produto


# The hot reads are plain SQL compiled once: building ORM objects was half of a detail read's
# CPU, and building and caching a Core statement a quarter of what was left.
_produtos = Produto.__table__.c
_DETALHE = _sql_do_driver(
    sa.select(*_colunas_do_produto(Produto.__table__))
    .join_from(Produto.__table__, Categoria.__table__)
    .where(_produtos.id == sa.bindparam("id"))
)
_DISPONIBILIDADE = _sql_do_driver(
    sa.select(_produtos.id, _produtos.estoque, _produtos.ativo).where(_produtos.id == sa.bindparam("id"))
)


def detalhe_do_produto(leitor: Leitor, produto_id: int) -> dict[str, object]:
    """A product (active or not) as the API shows it; 404 when it does not exist."""
    linha = leitor.linha(_DETALHE, {"id": produto_id})
    if linha is None:
        raise produto_nao_encontrado(produto_id)
    return _como_a_api_mostra(linha)


def disponibilidade(leitor: Leitor, produto_id: int, quantidade: int) -> dict[str, object]:
    """Current stock and whether `quantidade` units can be bought now."""
    produto = leitor.linha(_DISPONIBILIDADE, {"id": produto_id})
    if produto is None:
        raise produto_nao_encontrado(produto_id)
    return {
        "produto_id": produto["id"],
        "estoque": produto["estoque"],
        "quantidade": quantidade,
        "disponivel": produto["ativo"] and produto["estoque"] >= quantidade,
        "ativo": produto["ativo"],
    }


def listar_categorias(session: Session) -> list[dict[str, object]]:
    """Active categories with their count of active products."""
    contagem = (
        sa.select(Categoria, sa.func.count(Produto.id))
        .outerjoin(Produto, sa.and_(Produto.categoria_id == Categoria.id, Produto.ativo.is_(True)))
        .where(Categoria.ativo.is_(True))
        .group_by(Categoria.id)
        .order_by(Categoria.id)
    )
    return [
        {**categoria.to_dict(), "quantidade_produtos": quantidade}
        for categoria, quantidade in session.execute(contagem)
    ]


def historico(
    session: Session, produto_id: int, consulta: HistoricoQuery
) -> tuple[list[dict[str, object]], int]:
    """The product's ledger, newest first."""
    obter_produto(session, produto_id)
    do_produto = onde_iguais(sa.select(MovimentoEstoque), [(MovimentoEstoque.produto_id, produto_id)])
    total = session.execute(sa.select(sa.func.count()).select_from(do_produto.subquery())).scalar_one()
    pagina = (
        do_produto.order_by(MovimentoEstoque.id.desc())
        .limit(consulta.por_pagina)
        .offset((consulta.pagina - 1) * consulta.por_pagina)
    )
    return [m.to_dict() for m in session.execute(pagina).scalars()], total


def estoque_em(session: Session, produto_id: int, instante: datetime) -> dict[str, object]:
    """What the stock was at `instante` (naive times are UTC): the last movement at or before it."""
    obter_produto(session, produto_id)
    instante = utc(instante)
    ultimo = session.execute(
        sa.select(MovimentoEstoque)
        .where(MovimentoEstoque.produto_id == produto_id, MovimentoEstoque.criado_em <= instante)
        .order_by(MovimentoEstoque.criado_em.desc(), MovimentoEstoque.id.desc())
        .limit(1)
    ).scalar()
    return {
        "produto_id": produto_id,
        "em": instante.isoformat(),
        "existia": ultimo is not None,
        "estoque": ultimo.estoque_resultante if ultimo else 0,
        "ultimo_movimento": ultimo.to_dict() if ultimo else None,
    }
