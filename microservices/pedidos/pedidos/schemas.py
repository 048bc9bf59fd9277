"""Request models of the orders API: they validate input and write the OpenAPI document."""

from __future__ import annotations

from collections import defaultdict
from typing import Literal

from pydantic import EmailStr, Field, StrictInt, field_validator

from confeitaria_shared.campos import Instante
from confeitaria_shared.contratos import DadosDeCheckout, Entrega, Fechado, Texto

# Order ids are UUIDs, and the column is `uuid`: anything else must stop here, not at PostgreSQL.
UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


class ItemPedido(Fechado):
    """One product and how many units."""

    produto_id: StrictInt = Field(ge=1, le=2_147_483_647)
    quantidade: StrictInt = Field(ge=1, le=1000)


class PedidoNovo(DadosDeCheckout):
    """An order: items, customer, delivery and payment. Prices come from the catalog, never from here."""

    itens: list[ItemPedido] = Field(min_length=1, max_length=50)

    @field_validator("itens")
    @classmethod
    def _somar_repetidos(cls, itens: list[ItemPedido]) -> list[ItemPedido]:
        total: dict[int, int] = defaultdict(int)
        for item in itens:
            total[item.produto_id] += item.quantidade
        return [ItemPedido(produto_id=p, quantidade=q) for p, q in sorted(total.items())]


class PedidoPath(Fechado):
    """An order id in the path (a UUID)."""

    pedido_id: str = Field(pattern=UUID)


class EntregaAlteracao(Fechado):
    """New delivery data."""

    entrega: Entrega


class StatusAlteracao(Fechado):
    """The next step of a confirmed order (staff)."""

    status: Literal["EM_PREPARO", "SAIU_PARA_ENTREGA", "ENTREGUE"]


class PedidosQuery(Fechado):
    """Staff filters of the order list."""

    status: (
        Literal["PENDENTE", "CONFIRMADO", "CANCELADO", "EM_PREPARO", "SAIU_PARA_ENTREGA", "ENTREGUE"] | None
    ) = None
    email: str | None = Field(None, max_length=254)
    desde: Instante | None = None
    ate: Instante | None = None
    pagina: int = Field(1, ge=1, le=100_000)
    por_pagina: int = Field(20, ge=1, le=100)


class TransacoesQuery(Fechado):
    """Staff filters of the transaction list."""

    status: Literal["APROVADA", "RECUSADA"] | None = None
    metodo: Literal["pix", "cartao"] | None = None
    tipo: Literal["PAGAMENTO", "ESTORNO"] | None = None
    pedido_id: str | None = Field(None, pattern=UUID, description="UUID do pedido")
    pagina: int = Field(1, ge=1, le=100_000)
    por_pagina: int = Field(20, ge=1, le=100)


class ClienteNovo(Fechado):
    """A customer signs up: name, e-mail, a password of 10 characters at least, and a phone if they like."""

    nome: Texto
    email: EmailStr
    senha: str = Field(min_length=10, max_length=200)
    telefone: str | None = Field(None, pattern=r"^[0-9 ()+.-]{8,20}$")


class LoginCliente(Fechado):
    """A customer's credentials."""

    email: EmailStr
    senha: str = Field(min_length=1, max_length=200)


class PaginaQuery(Fechado):
    """A page of a list."""

    pagina: int = Field(1, ge=1, le=100_000)
    por_pagina: int = Field(20, ge=1, le=100)
