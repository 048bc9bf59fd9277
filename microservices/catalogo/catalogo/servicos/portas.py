"""What the use cases need from the stores: repositories and the outbox, behind one unit of work."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

from confeitaria_shared.envelope import EventEnvelope
from confeitaria_shared.unidade_de_trabalho import UnidadeDeTrabalho

from ..dominio.estoque import Movimento, Saldo
from ..dominio.produtos import Categoria, Produto
from ..dominio.reservas import ItemTomado, Reserva


class Produtos(Protocol):
    """Products as stored; a name another product has is refused with NOME_DUPLICADO."""

    def adicionar(self, dados: Mapping[str, Any]) -> Produto:
        """Store a new product and return it as stored (id, dates, category name)."""

    def travado(self, produto_id: int) -> Produto | None:
        """The product, locked until the unit ends."""

    def salvar(self, produto: Produto) -> Produto:
        """Store the product's changes and return it as stored."""


class Categorias(Protocol):
    """Categories as stored; a name another category has is refused with NOME_DUPLICADO."""

    def obter(self, categoria_id: int) -> Categoria | None:
        """The category, if it exists."""

    def travada(self, categoria_id: int) -> Categoria | None:
        """The category, locked until the unit ends."""

    def adicionar(self, dados: Mapping[str, Any]) -> Categoria:
        """Store a new category and return it as stored."""

    def salvar(self, categoria: Categoria) -> Categoria:
        """Store the category's changes and return it as stored."""


class Estoque(Protocol):
    """Units on the shelf, where buyers compete: each change is atomic, under the product's lock."""

    def travar(self, produto_id: int) -> Saldo | None:
        """The product's stock and version, locked until the unit ends; None when it does not exist."""

    def definir(self, produto_id: int, estoque: int) -> None:
        """Put the locked product's stock at `estoque`."""

    def tomar(self, itens: Sequence[tuple[int, int]]) -> list[ItemTomado] | None:
        """Take every item's units from active products, all of them or none (None)."""

    def devolver(self, produto_id: int, quantidade: int) -> int:
        """Put units back on the shelf; the stock after."""

    def saldo(self, produto_id: int) -> int:
        """The product's stock now."""

    def disponiveis(self, produto_ids: Sequence[int]) -> dict[int, int]:
        """What each product has for sale (an inactive one has none; an unknown one is absent)."""

    def registrar(self, movimento: Movimento) -> None:
        """Append a line to the stock ledger."""


class Reservas(Protocol):
    """Each order's reservation."""

    def existe(self, pedido_id: str) -> bool:
        """Whether the order already has a reservation (or its tombstone)."""

    def travada(self, pedido_id: str) -> Reserva | None:
        """The order's reservation, locked until the unit ends."""

    def vencidas(self, limite: int) -> list[Reserva]:
        """Up to `limite` held reservations whose time ran out, locked (ones another worker holds skipped)."""

    def adicionar(self, reserva: Reserva) -> None:
        """Store a new reservation."""

    def salvar(self, reserva: Reserva) -> None:
        """Store the reservation's new status."""


class Eventos(Protocol):
    """The outbox of the unit's transaction: what is staged here is published once it commits."""

    def de_produto(self, tipo: str, produto_id: int, versao: int, dados: Mapping[str, Any]) -> None:
        """Stage an event about a product (ProdutoCriado, PrecoAlterado, EstoqueAjustado...)."""

    def de_reserva(
        self, tipo: str, pedido_id: str, versao: int, dados: Mapping[str, Any], causa: EventEnvelope | None
    ) -> None:
        """Stage an event about an order's reservation (EstoqueReservado, EstoqueLiberado...)."""


class UnidadeDoCatalogo(UnidadeDeTrabalho):
    """One transaction of the catalog, with the repositories and outbox that work inside it."""

    produtos: Produtos
    categorias: Categorias
    estoque: Estoque
    reservas: Reservas
    eventos: Eventos

    def agora(self) -> datetime:
        """The use case's clock: when a change happens, when a reservation will expire."""
        return datetime.now(UTC)
