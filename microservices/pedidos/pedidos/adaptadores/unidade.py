"""The orders' unit of work on a SQLAlchemy session, with the SQL repositories."""

from __future__ import annotations

from sqlalchemy.orm import Session

from confeitaria_shared.unidade_sql import UnidadeSql

from ..servicos.unidade import UnidadeDePedidos
from .contas import RepositorioSqlDeClientes
from .repositorio import RepositorioSqlDePedidos
from .transacoes import RepositorioSqlDeTransacoes


class UnidadeSqlDePedidos(UnidadeSql, UnidadeDePedidos):
    """Orders, transações and accounts on one session: the request's, a sessionmaker's or the inbox's."""

    def ao_abrir(self, session: Session) -> None:
        """Build the repositories on the unit's session."""
        self.pedidos = RepositorioSqlDePedidos(session)
        self.transacoes = RepositorioSqlDeTransacoes(session)
        self.clientes = RepositorioSqlDeClientes(session)
