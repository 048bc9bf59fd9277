"""Products and categories: what a staff change may do to them, and which events it tells."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from confeitaria_shared.contratos import eventos
from confeitaria_shared.dominio import ConflitoError, NaoEncontradoError, RecusadoError

from .versoes import VersaoLida

# An event to stage: its type and its data.
Evento = tuple[str, dict[str, Any]]


def produto_nao_encontrado(produto_id: int) -> NaoEncontradoError:
    """The error for a product id that does not exist."""
    return NaoEncontradoError("PRODUTO_NAO_ENCONTRADO", f"Produto {produto_id} não existe.")


def nome_duplicado(nome: str, de_que: str = "registro") -> ConflitoError:
    """The error for a name another product (or category) already has."""
    return ConflitoError("NOME_DUPLICADO", f"Já existe um {de_que} chamado {nome!r}.")


@dataclass
class Categoria:
    """A shelf of the bakery: Bolos, Doces, Tortas..."""

    id: int
    nome: str
    descricao: str
    ativo: bool
    versao: int

    def alterar(self, mudancas: Mapping[str, Any], lida: VersaoLida) -> None:
        """Apply a staff change read at `lida` (refused when the category changed since)."""
        lida.conferir(self.versao)
        for campo, valor in mudancas.items():
            setattr(self, campo, valor)
        self.versao += 1

    def como_a_api_mostra(self) -> dict[str, object]:
        """The category as the API shows it."""
        return {
            "id": self.id,
            "nome": self.nome,
            "descricao": self.descricao,
            "ativo": self.ativo,
            "versao": self.versao,
        }


def exigir_categoria_ativa(categoria: Categoria | None, categoria_id: int) -> Categoria:
    """A product may only be filed under a category that exists and is active."""
    if categoria is None or not categoria.ativo:
        raise RecusadoError("CATEGORIA_INVALIDA", f"Categoria {categoria_id} não existe ou está inativa.")
    return categoria


@dataclass
class Produto:
    """Something the bakery sells, with its price, its units in stock and its version."""

    id: int
    nome: str
    descricao: str
    preco: Decimal
    estoque: int
    categoria_id: int
    categoria_nome: str
    ativo: bool
    imagem_url: str | None
    versao: int
    criado_em: datetime
    atualizado_em: datetime

    def alterar(
        self, mudancas: Mapping[str, Any], lida: VersaoLida, categoria: Categoria | None, agora: datetime
    ) -> Alteracao:
        """Apply a staff change read at `lida`; `categoria` is the one `categoria_id` names, if it changes."""
        lida.conferir(self.versao)
        if "categoria_id" in mudancas:
            exigir_categoria_ativa(categoria, mudancas["categoria_id"])
        alteracao = Alteracao(dict(mudancas), self.preco)
        for campo, valor in mudancas.items():
            setattr(self, campo, valor)
        self.versao += 1
        self.atualizado_em = agora
        return alteracao

    def desativar(self, agora: datetime) -> list[Evento]:
        """Take the product out of the shop; an inactive product stays as it is (no event)."""
        if not self.ativo:
            return []
        self.ativo = False
        self.versao += 1
        self.atualizado_em = agora
        return [(eventos.PRODUTO_DESATIVADO, {"produto_id": self.id})]

    def como_a_api_mostra(self) -> dict[str, object]:
        """The product as the API shows it."""
        return {
            "id": self.id,
            "nome": self.nome,
            "descricao": self.descricao,
            "preco": self.preco,
            "estoque": self.estoque,
            "categoria_id": self.categoria_id,
            "categoria_nome": self.categoria_nome,
            "ativo": self.ativo,
            "imagem_url": self.imagem_url,
            "versao": self.versao,
            "criado_em": self.criado_em.isoformat(),
            "atualizado_em": self.atualizado_em.isoformat(),
        }


@dataclass(frozen=True)
class Alteracao:
    """What a staff change asked for, and the price before it (a new price is news of its own)."""

    mudancas: dict[str, Any]
    preco_anterior: Decimal

    def eventos(self, produto: Produto) -> list[Evento]:
        """The events of the change, told with the product as stored after it."""
        dados = produto.como_a_api_mostra()
        contados: list[Evento] = [
            (eventos.PRODUTO_ATUALIZADO, {"alteracoes": self.mudancas, "produto": dados})
        ]
        if "preco" in self.mudancas and self.mudancas["preco"] != self.preco_anterior:
            precos = {
                "produto_id": produto.id,
                "preco_anterior": self.preco_anterior,
                "preco_novo": produto.preco,
            }
            contados.append((eventos.PRECO_ALTERADO, precos))
        if self.mudancas.get("ativo") is False:
            contados.append((eventos.PRODUTO_DESATIVADO, {"produto_id": produto.id}))
        return contados
