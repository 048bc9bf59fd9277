"""The catalog's unit of work over SQLAlchemy: its repositories and outbox share one session."""

from __future__ import annotations

from sqlalchemy.orm import Session

from confeitaria_shared.unidade_sql import UnidadeSql

from ..servicos.portas import UnidadeDoCatalogo
from .estoque_sql import EstoqueSql, ReservasSql
from .outbox import OutboxDoCatalogo
from .produtos_sql import CategoriasSql, ProdutosSql


class UnidadeDoCatalogoSql(UnidadeSql, UnidadeDoCatalogo):
    """One transaction on the catalog's database (its own, or lent by the worker's inbox)."""

    def ao_abrir(self, session: Session) -> None:
        """Build the repositories and the outbox on the session."""
        self.produtos = ProdutosSql(session)
        self.categorias = CategoriasSql(session)
        self.estoque = EstoqueSql(session)
        self.reservas = ReservasSql(session)
        self.eventos = OutboxDoCatalogo(session)
