"""Read-side queries of the catalog."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from .extensions import db
from .models import Categoria, Produto


@dataclass(frozen=True)
class FiltroProdutos:
    """Optional filters of the product list; None means "do not filter"."""

    categoria_id: int | None = None
    preco_max: Decimal | None = None
    em_estoque: bool | None = None


def listar_produtos(filtro: FiltroProdutos) -> list[Produto]:
    """Active products matching the filter, by name."""
    query = sa.select(Produto).options(joinedload(Produto.categoria)).where(Produto.ativo.is_(True))
    if filtro.categoria_id is not None:
        query = query.where(Produto.categoria_id == filtro.categoria_id)
    if filtro.preco_max is not None:
        query = query.where(Produto.preco <= filtro.preco_max)
    if filtro.em_estoque is True:
        query = query.where(Produto.estoque > 0)
    elif filtro.em_estoque is False:
        query = query.where(Produto.estoque == 0)
    return list(db.session.execute(query.order_by(Produto.nome)).scalars())


def listar_categorias() -> list[dict[str, object]]:
    """Every category with its count of active products."""
    contagem = (
        sa.select(Categoria, sa.func.count(Produto.id))
        .outerjoin(Produto, sa.and_(Produto.categoria_id == Categoria.id, Produto.ativo.is_(True)))
        .group_by(Categoria.id)
        .order_by(Categoria.id)
    )
    return [
        {**categoria.to_dict(), "quantidade_produtos": quantidade}
        for categoria, quantidade in db.session.execute(contagem)
    ]
