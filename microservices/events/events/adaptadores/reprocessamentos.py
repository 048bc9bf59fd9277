"""The records of dead letters sent back, in PostgreSQL."""

from __future__ import annotations

from dataclasses import asdict, replace

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..dominio.cartas import Reprocessamento
from ..models import Reprocessamento as Linha


def _registro(linha: Linha) -> Reprocessamento:
    return Reprocessamento(
        dlq_id=linha.dlq_id,
        event_id=linha.event_id,
        tipo=linha.tipo,
        grupo=linha.grupo,
        erro=linha.erro,
        entregas=linha.entregas,
        resultado=linha.resultado,
        novo_id=linha.novo_id,
        pedido_por=linha.pedido_por,
        id=linha.id,
        em=linha.em,
    )


class ReprocessamentosSql:
    """The `reprocessamentos` table."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def adicionar(self, registro: Reprocessamento) -> Reprocessamento:
        """Insert the record; it comes back with the id and time the database gave it."""
        valores = {k: v for k, v in asdict(registro).items() if k not in ("id", "em")}
        consulta = sa.insert(Linha).values(valores).returning(Linha.id, Linha.em)
        id_, em = self.session.execute(consulta).one()
        return replace(registro, id=id_, em=em)

    def ultimos(self, limite: int) -> list[Reprocessamento]:
        """The latest records, newest first."""
        consulta = sa.select(Linha).order_by(Linha.id.desc()).limit(limite)
        return [_registro(linha) for linha in self.session.execute(consulta).scalars()]
