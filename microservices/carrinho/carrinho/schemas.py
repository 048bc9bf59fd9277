"""Request models of the cart API: they validate input and write the OpenAPI document."""

from __future__ import annotations

from pydantic import Field, StrictInt

from confeitaria_shared.contratos import Fechado


class SessaoPath(Fechado):
    """A cart session id in the path."""

    session_id: str = Field(pattern=r"^[0-9a-f]{32}$", description="32 caracteres hexadecimais")


class ItemPath(SessaoPath):
    """A cart session and one of its products."""

    produto_id: int = Field(ge=1, le=2_147_483_647)


class ItemNovo(Fechado):
    """Units of a product to add."""

    produto_id: StrictInt = Field(ge=1, le=2_147_483_647)
    quantidade: StrictInt = Field(ge=1, le=1000)


class QuantidadeNova(Fechado):
    """A line's new quantity (0 removes it)."""

    quantidade: StrictInt = Field(ge=0, le=1000)
