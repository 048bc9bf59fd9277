"""Payment attempts and refunds (transações) in PostgreSQL."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..dominio.pagamento import Transacao
from ..models import Transacao as TransacaoLinha


class RepositorioSqlDeTransacoes:
    """The `transacoes` table."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def adicionar(self, transacao: Transacao) -> None:
        """Stage one transação for the unit's commit."""
        self.session.add(
            TransacaoLinha(
                id=transacao.id,
                pedido_id=transacao.pedido_id,
                tipo=transacao.tipo,
                valor=transacao.valor,
                metodo=transacao.metodo,
                status=transacao.resultado.status,
                detalhe=transacao.resultado.detalhe,
                referencia=transacao.resultado.referencia,
            )
        )
