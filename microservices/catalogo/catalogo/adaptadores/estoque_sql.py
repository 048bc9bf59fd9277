"""Stock and reservations in PostgreSQL: where buyers compete, so every change is one locked statement.

Units are taken by a conditional UPDATE (`estoque >= :q`) on each product in id order inside a
savepoint: an order takes all its units or none, and twenty buyers of five units confirm exactly five.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from confeitaria_shared.context import current_request_id
from confeitaria_shared.contratos import eventos
from confeitaria_shared.dinheiro import em_texto

from .. import models
from ..dominio.estoque import Movimento, Saldo
from ..dominio.reservas import RESERVADA, ItemTomado, Reserva

_RETIRAR = sa.text(
    "UPDATE produtos SET estoque = estoque - :q, atualizado_em = now() "
    "WHERE id = :id AND ativo AND estoque >= :q RETURNING estoque, preco, nome"
)
_DEVOLVER = sa.text(
    "UPDATE produtos SET estoque = estoque + :q, atualizado_em = now() WHERE id = :id RETURNING estoque"
)
_DEFINIR = sa.text("UPDATE produtos SET estoque = :e, atualizado_em = now() WHERE id = :id")
_TRAVAR = sa.text("SELECT estoque, versao FROM produtos WHERE id = :id FOR UPDATE")
_SALDO = sa.text("SELECT estoque FROM produtos WHERE id = :id")
_DISPONIVEIS = sa.text(
    "SELECT id, CASE WHEN ativo THEN estoque ELSE 0 END FROM produtos WHERE id = ANY(:ids)"
)


class EstoqueSql:
    """Units on the shelf (`produtos.estoque`) and their ledger (`movimentos_estoque`)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def travar(self, produto_id: int) -> Saldo | None:
        """The product's stock and version, locked until the transaction ends."""
        linha = self._session.execute(_TRAVAR, {"id": produto_id}).first()
        return Saldo(linha[0], linha[1]) if linha is not None else None

    def definir(self, produto_id: int, estoque: int) -> None:
        """Put the (locked) product's stock at `estoque`."""
        self._session.execute(_DEFINIR, {"id": produto_id, "e": estoque})

    def tomar(self, itens: Sequence[tuple[int, int]]) -> list[ItemTomado] | None:
        """Take every item's units inside a savepoint: all of them, or none (None)."""
        tomados: list[ItemTomado] = []
        savepoint = self._session.begin_nested()
        for produto_id, quantidade in itens:
            linha = self._session.execute(_RETIRAR, {"id": produto_id, "q": quantidade}).first()
            if linha is None:
                savepoint.rollback()
                return None
            tomados.append(
                ItemTomado(produto_id, quantidade, em_texto(linha.preco), linha.nome, linha.estoque)
            )
        savepoint.commit()
        return tomados

    def devolver(self, produto_id: int, quantidade: int) -> int:
        """Put units back on the shelf; the stock after."""
        return int(self._session.execute(_DEVOLVER, {"id": produto_id, "q": quantidade}).scalar_one())

    def saldo(self, produto_id: int) -> int:
        """The product's stock now."""
        return int(self._session.execute(_SALDO, {"id": produto_id}).scalar_one())

    def disponiveis(self, produto_ids: Sequence[int]) -> dict[int, int]:
        """What each product has for sale: an inactive one has none, an unknown one is absent."""
        linhas = self._session.execute(_DISPONIVEIS, {"ids": list(produto_ids)}).all()
        return {linha[0]: linha[1] for linha in linhas}

    def registrar(self, movimento: Movimento) -> None:
        """Append a line to the ledger (correlated with the request when no event caused it)."""
        self._session.add(
            models.MovimentoEstoque(
                produto_id=movimento.produto_id,
                delta=movimento.delta,
                estoque_resultante=movimento.resultante,
                motivo=movimento.motivo,
                pedido_id=movimento.pedido_id,
                correlation_id=movimento.correlation_id or current_request_id(),
            )
        )


class ReservasSql:
    """The `reservas` table: one row per order."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def existe(self, pedido_id: str) -> bool:
        """Whether the order has a reservation (or its tombstone)."""
        return self._session.get(models.Reserva, pedido_id) is not None

    def travada(self, pedido_id: str) -> Reserva | None:
        """The order's reservation, locked until the transaction ends."""
        linha = self._session.execute(
            sa.select(models.Reserva).where(models.Reserva.pedido_id == pedido_id).with_for_update()
        ).scalar_one_or_none()
        return _reserva(linha) if linha is not None else None

    def vencidas(self, limite: int) -> list[Reserva]:
        """Held reservations past their time (the database's clock), oldest first, skipping locked ones."""
        linhas = self._session.execute(
            sa.select(models.Reserva)
            .where(models.Reserva.status == RESERVADA, models.Reserva.expira_em < sa.func.now())
            .order_by(models.Reserva.expira_em)
            .limit(limite)
            .with_for_update(skip_locked=True)
        ).scalars()
        return [_reserva(linha) for linha in linhas]

    def adicionar(self, reserva: Reserva) -> None:
        """Insert the reservation."""
        self._session.add(
            models.Reserva(
                pedido_id=reserva.pedido_id,
                status=reserva.status,
                itens=list(reserva.itens),
                expira_em=reserva.expira_em,
            )
        )

    def salvar(self, reserva: Reserva) -> None:
        """Write the reservation's new status."""
        linha = self._session.get_one(models.Reserva, reserva.pedido_id)
        linha.status, linha.atualizado_em = reserva.status, datetime.now(UTC)


def _reserva(linha: models.Reserva) -> Reserva:
    # The lines as stored: the events that retell them carry them unchanged.
    itens = cast(list[eventos.ItemReservado], linha.itens)
    return Reserva(linha.pedido_id, linha.status, itens, linha.expira_em)
