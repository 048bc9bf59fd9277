"""The events service's unit of work over one SQLAlchemy session."""

from __future__ import annotations

from sqlalchemy.orm import Session

from confeitaria_shared.unidade_sql import UnidadeSql

from ..servicos.portas import UnidadeDeEventos
from .armazem import ArmazemSql, ProjecoesSql
from .reprocessamentos import ReprocessamentosSql


class UnidadeSqlDeEventos(UnidadeSql, UnidadeDeEventos):
    """The event store, the projections and the re-send records, all on the unit's session."""

    def ao_abrir(self, session: Session) -> None:
        """Build the repositories on the session."""
        self.eventos = ArmazemSql(session)
        self.projecoes = ProjecoesSql(session)
        self.reprocessamentos = ReprocessamentosSql(session)
