"""An order's reservation: all its units or none, held until it expires, then sold or given back."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from confeitaria_shared.contratos import eventos

RESERVADA, VENDIDA, LIBERADA, RECUSADA = "RESERVADA", "VENDIDA", "LIBERADA", "RECUSADA"
# A reservation that expired (LIBERADA) and whose order was confirmed after its units were sold to
# others: the catalog answered VendaSemEstoque and holds nothing for that order, ever again.
SEM_ESTOQUE = "SEM_ESTOQUE"

# Where a reservation may go from each status; RECUSADA and SEM_ESTOQUE are final.
TRANSICOES: Mapping[str, frozenset[str]] = {
    RESERVADA: frozenset({VENDIDA, LIBERADA}),
    LIBERADA: frozenset({VENDIDA, SEM_ESTOQUE}),
    VENDIDA: frozenset({LIBERADA}),
}

# The reservation's events are numbered in the order they can happen to it.
VERSAO_DO_EVENTO: Mapping[str, int] = {
    eventos.ESTOQUE_RESERVADO: 1,
    eventos.ESTOQUE_INSUFICIENTE: 1,
    eventos.ESTOQUE_VENDIDO: 2,
    eventos.ESTOQUE_LIBERADO: 2,
    eventos.VENDA_SEM_ESTOQUE: 3,
}


class ItensInvalidosError(ValueError):
    """An order's item list that cannot be reserved as written (a malformed event)."""


class TransicaoDeReservaInvalidaError(ValueError):
    """A use case asked a reservation to go where its status table does not lead."""


def agrupar_itens(itens: Iterable[Mapping[str, Any]]) -> list[tuple[int, int]]:
    """(produto_id, quantidade) pairs, duplicates summed, in id order (a fixed lock order)."""
    total: dict[int, int] = defaultdict(int)
    for item in itens:
        produto_id, quantidade = item.get("produto_id"), item.get("quantidade")
        if not _inteiro_positivo(produto_id) or not _inteiro_positivo(quantidade):
            raise ItensInvalidosError(f"item inválido: {dict(item)!r}")
        total[produto_id] += quantidade  # type: ignore[index,operator]
    if not total:
        raise ItensInvalidosError("pedido sem itens")
    return sorted(total.items())


def _inteiro_positivo(valor: object) -> bool:
    return isinstance(valor, int) and not isinstance(valor, bool) and valor > 0


def faltando(itens: Iterable[tuple[int, int]], disponiveis: Mapping[int, int]) -> list[eventos.Falta]:
    """The items asked for beyond what is available (an unknown or inactive product has none)."""
    return [
        {"produto_id": produto_id, "solicitado": quantidade, "disponivel": disponiveis.get(produto_id, 0)}
        for produto_id, quantidade in itens
        if disponiveis.get(produto_id, 0) < quantidade
    ]


@dataclass(frozen=True)
class ItemTomado:
    """Units taken off the shelf for an order: at what price, under what name, and what was left."""

    produto_id: int
    quantidade: int
    preco_unitario: str
    nome: str
    estoque_resultante: int

    def reservado(self) -> eventos.ItemReservado:
        """The line as the reservation keeps it and its events tell it."""
        return {
            "produto_id": self.produto_id,
            "quantidade": self.quantidade,
            "preco_unitario": self.preco_unitario,
            "nome": self.nome,
        }


class Confirmacao(Enum):
    """What a confirmed order asks of its reservation."""

    NADA = "nada"  # already sold, refused or without stock: a repeated or late event
    VENDER = "vender"  # the held units become sold
    RETOMAR = "retomar"  # it expired: take the units again, or say the sale has no stock


@dataclass
class Reserva:
    """The stock held for one order."""

    pedido_id: str
    status: str
    itens: list[eventos.ItemReservado]
    expira_em: datetime

    @classmethod
    def reservada(cls, pedido_id: str, tomados: Iterable[ItemTomado], expira_em: datetime) -> Reserva:
        """Every unit of the order is held until `expira_em`."""
        return cls(pedido_id, RESERVADA, [item.reservado() for item in tomados], expira_em)

    @classmethod
    def recusada(cls, pedido_id: str, expira_em: datetime) -> Reserva:
        """Some item was missing: nothing is held, and a repeated event reserves nothing."""
        return cls(pedido_id, RECUSADA, [], expira_em)

    @classmethod
    def cancelada_antes_de_reservar(cls, pedido_id: str, agora: datetime) -> Reserva:
        """A tombstone: the order was cancelled before its PedidoCriado arrived, which then does nothing."""
        return cls(pedido_id, LIBERADA, [], agora)

    def quantidades(self) -> list[tuple[int, int]]:
        """(produto_id, quantidade) of each line, as reserved."""
        return [(item["produto_id"], item["quantidade"]) for item in self.itens]

    def ao_confirmar(self) -> Confirmacao:
        """What the order's confirmation does to this reservation."""
        if self.status == RESERVADA:
            return Confirmacao.VENDER
        if self.status == LIBERADA:
            # Confirmed after the reservation expired: its units went back on sale.
            return Confirmacao.RETOMAR
        return Confirmacao.NADA

    def segura_unidades(self) -> bool:
        """Whether cancelling gives units back: LIBERADA and SEM_ESTOQUE hold none (no double count)."""
        return self.status in (RESERVADA, VENDIDA)

    def vender(self) -> None:
        """The held (or taken again) units are sold."""
        self._passar(VENDIDA)

    def liberar(self) -> None:
        """The units go back on sale (expired, or the order was cancelled)."""
        self._passar(LIBERADA)

    def sem_estoque(self) -> None:
        """Final: a later confirmation sells nothing, and its cancellation gives nothing back."""
        self._passar(SEM_ESTOQUE)

    def _passar(self, status: str) -> None:
        if status not in TRANSICOES.get(self.status, frozenset()):
            raise TransicaoDeReservaInvalidaError(f"reserva {self.pedido_id}: {self.status} → {status}")
        self.status = status
