"""Request models of the catalog API: they validate input and write the OpenAPI document."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StrictBool, StrictInt, model_validator

from confeitaria_shared.campos import Instante, SemControle
from confeitaria_shared.contratos import Fechado

Dinheiro = Annotated[Decimal, Field(gt=0, max_digits=10, decimal_places=2, allow_inf_nan=False)]
DinheiroFiltro = Annotated[Decimal, Field(ge=0, max_digits=10, decimal_places=2, allow_inf_nan=False)]
Quantidade = Annotated[StrictInt, Field(ge=0, le=1_000_000)]
# Text that reaches PostgreSQL refuses control characters here too (NUL there used to answer 500).
Nome = Annotated[str, Field(min_length=1, max_length=120, pattern=r"\S"), SemControle]
NomeDeCategoria = Annotated[str, Field(min_length=1, max_length=80, pattern=r"\S"), SemControle]
Descricao = Annotated[str, Field(max_length=2000), SemControle]
ImagemUrl = Annotated[str, Field(max_length=300, pattern=r"^https?://\S+$"), SemControle]
POR_PAGINA_MAX = 100


class ProdutosQuery(Fechado):
    """Filters, search, order and page of the product list."""

    ids: str | None = Field(
        None, pattern=r"^\d{1,10}(,\d{1,10}){0,99}$", description="ids separados por vírgula"
    )
    categoria_id: int | None = Field(None, ge=1)
    preco_min: DinheiroFiltro | None = None
    preco_max: DinheiroFiltro | None = None
    em_estoque: bool | None = None
    busca: Annotated[str, SemControle] | None = Field(
        None, max_length=100, description="busca em português, sem acentos"
    )
    ordenar: Literal["nome", "preco", "recentes"] = "nome"
    direcao: Literal["asc", "desc"] | None = None
    pagina: int = Field(1, ge=1, le=100_000)
    por_pagina: int = Field(20, ge=1, le=POR_PAGINA_MAX)


class ProdutoPath(Fechado):
    """A product id in the path."""

    produto_id: int = Field(ge=1, le=2_147_483_647)


class CategoriaPath(Fechado):
    """A category id in the path."""

    categoria_id: int = Field(ge=1, le=2_147_483_647)


class EstoqueQuery(Fechado):
    """How many units the caller wants to know about."""

    quantidade: int = Field(1, ge=1, le=1_000_000)


class HistoricoQuery(Fechado):
    """The ledger, one page at a time, or the stock at one moment (`em`, ISO-8601)."""

    em: Instante | None = None
    pagina: int = Field(1, ge=1, le=100_000)
    por_pagina: int = Field(50, ge=1, le=POR_PAGINA_MAX)


class ProdutoNovo(Fechado):
    """A new product."""

    nome: Nome
    descricao: Descricao = ""
    preco: Dinheiro
    estoque: Quantidade = 0
    categoria_id: StrictInt = Field(ge=1)
    imagem_url: ImagemUrl | None = None


def _exigir_mudanca_sem_nulos(alteracao: Fechado, obrigatorios: set[str]) -> None:
    """At least one field to change, and no null for a field the row must always hold."""
    if not alteracao.model_fields_set - {"versao"}:
        raise ValueError("informe ao menos um campo para alterar")
    # An explicit null would reach a NOT NULL column (a 500): refused here, field by field.
    nulos = sorted(
        campo for campo in alteracao.model_fields_set & obrigatorios if getattr(alteracao, campo) is None
    )
    if nulos:
        raise ValueError(f"{', '.join(nulos)} não pode ser null; omita o campo para não mudá-lo")


class ProdutoAlteracao(Fechado):
    """Fields to change in a product, with the version they were read at."""

    nome: Nome | None = None
    descricao: Descricao | None = None
    preco: Dinheiro | None = None
    categoria_id: StrictInt | None = Field(None, ge=1)
    imagem_url: ImagemUrl | None = None
    ativo: StrictBool | None = None
    versao: StrictInt | None = Field(None, ge=1, description="ou o cabeçalho If-Match")

    @model_validator(mode="after")
    def _algo_a_mudar(self) -> ProdutoAlteracao:
        _exigir_mudanca_sem_nulos(self, {"nome", "descricao", "preco", "categoria_id", "ativo"})
        return self


class OperacaoEstoque(Fechado):
    """A manual stock operation: add, remove or set units."""

    quantidade: Quantidade
    operacao: Literal["adicionar", "remover", "definir"]

    @model_validator(mode="after")
    def _quantidade_positiva(self) -> OperacaoEstoque:
        if self.operacao != "definir" and self.quantidade == 0:
            raise ValueError("quantidade deve ser maior que zero para adicionar ou remover")
        return self


class CategoriaNova(Fechado):
    """A new category."""

    nome: NomeDeCategoria
    descricao: Descricao = ""


class CategoriaAlteracao(Fechado):
    """Fields to change in a category, with the version they were read at."""

    nome: NomeDeCategoria | None = None
    descricao: Descricao | None = None
    ativo: StrictBool | None = None
    versao: StrictInt | None = Field(None, ge=1, description="ou o cabeçalho If-Match")

    @model_validator(mode="after")
    def _algo_a_mudar(self) -> CategoriaAlteracao:
        _exigir_mudanca_sem_nulos(self, {"nome", "descricao", "ativo"})
        return self
