"""The checkout contract between the cart and the orders service: who buys, where, how they pay."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, model_validator

from ..campos import SemControle

Texto = Annotated[str, Field(min_length=1, max_length=200, pattern=r"\S"), SemControle]


# JSON schemas built once per model: flask-openapi3 asks for a query model's schema on every request
# (py-spy: over a third of an uncached list page's CPU went into building it again).
_ESQUEMAS: dict[type[BaseModel], dict[str, Any]] = {}


class Fechado(BaseModel):
    """A model that rejects fields it does not know."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The model's JSON schema; the plain form (no arguments) is built once and shared, read-only."""
        if args or kwargs:
            return super().model_json_schema(*args, **kwargs)
        esquema = _ESQUEMAS.get(cls)
        if esquema is None:
            esquema = _ESQUEMAS[cls] = super().model_json_schema()
        return esquema


class Cliente(Fechado):
    """Who buys."""

    nome: Texto
    email: EmailStr
    telefone: str = Field(pattern=r"^[0-9 ()+.-]{8,20}$")


class Entrega(Fechado):
    """Where to deliver."""

    endereco: Annotated[str, Field(min_length=3, max_length=300, pattern=r"\S"), SemControle]
    cidade: Texto | None = None
    cep: str | None = Field(None, pattern=r"^\d{5}-?\d{3}$")
    complemento: Annotated[str, Field(max_length=200), SemControle] | None = None


class Pagamento(Fechado):
    """How the order is paid: pix, or a card (only its last digits are kept)."""

    metodo: Literal["pix", "cartao"]
    numero_cartao: str | None = Field(None, pattern=r"^\d{13,19}$")

    @model_validator(mode="after")
    def _cartao_tem_numero(self) -> Pagamento:
        if self.metodo == "cartao" and not self.numero_cartao:
            raise ValueError("numero_cartao é obrigatório para cartao")
        if self.metodo == "pix" and self.numero_cartao:
            raise ValueError("numero_cartao só vale para cartao")
        return self


class DadosDeCheckout(Fechado):
    """Everything an order needs besides its items."""

    cliente: Cliente
    entrega: Entrega
    pagamento: Pagamento
