"""In-memory stand-ins for the catalog's stores: the use cases run against them in microseconds.

One `CatalogoEmMemoria` holds what the database would (products, categories, reservations, the
ledger and the outbox); `UnidadeFalsa` opens repositories on it and, like a transaction, puts back
what it held at the start unless the use case committed.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from catalogo.dominio.estoque import Movimento, Saldo
from catalogo.dominio.produtos import Categoria, Produto, nome_duplicado
from catalogo.dominio.reservas import RESERVADA, ItemTomado, Reserva
from catalogo.servicos.portas import UnidadeDoCatalogo
from confeitaria_shared.dinheiro import em_texto, reais
from confeitaria_shared.envelope import EventEnvelope


@dataclass(frozen=True)
class EventoGravado:
    """An event staged in the outbox: about which aggregate, at what version, with what data."""

    tipo: str
    agregado: str
    agregado_id: str | int
    versao: int
    dados: dict[str, Any]
    causa: EventEnvelope | None = None


@dataclass
class CatalogoEmMemoria:
    """What the catalog's database holds."""

    produtos: dict[int, Produto] = field(default_factory=dict)
    categorias: dict[int, Categoria] = field(default_factory=dict)
    reservas: dict[str, Reserva] = field(default_factory=dict)
    movimentos: list[Movimento] = field(default_factory=list)
    eventos: list[EventoGravado] = field(default_factory=list)
    # The database's clock, for what is stored and for which reservations are overdue.
    agora: datetime = field(default_factory=lambda: datetime.now(UTC))

    def nova_categoria(self, nome: str, ativo: bool = True) -> Categoria:
        """A category stored directly, as a seed would."""
        categoria = Categoria(len(self.categorias) + 1, nome, "", ativo, 1)
        self.categorias[categoria.id] = categoria
        return categoria

    def novo_produto(self, nome: str, estoque: int, preco: str = "4.50", categoria_id: int = 1) -> Produto:
        """A product stored directly, as a seed would."""
        produto = Produto(
            id=len(self.produtos) + 1,
            nome=nome,
            descricao="",
            preco=reais(preco),
            estoque=estoque,
            categoria_id=categoria_id,
            categoria_nome=self.categorias[categoria_id].nome,
            ativo=True,
            imagem_url=None,
            versao=1,
            criado_em=self.agora,
            atualizado_em=self.agora,
        )
        self.produtos[produto.id] = produto
        return produto

    def tipos(self) -> list[str]:
        """The types of the events staged so far, in order."""
        return [evento.tipo for evento in self.eventos]


class ProdutosFalsos:
    """Products: what `salvar` stores is a copy, as a row would be."""

    def __init__(self, banco: CatalogoEmMemoria) -> None:
        self._banco = banco

    def adicionar(self, dados: Mapping[str, Any]) -> Produto:
        if any(p.nome == dados["nome"] for p in self._banco.produtos.values()):
            raise nome_duplicado(dados["nome"], "produto")
        produto = Produto(
            id=max(self._banco.produtos, default=0) + 1,
            nome=dados["nome"],
            descricao=dados.get("descricao", ""),
            preco=reais(dados["preco"]),
            estoque=dados.get("estoque", 0),
            categoria_id=dados["categoria_id"],
            categoria_nome=self._banco.categorias[dados["categoria_id"]].nome,
            ativo=True,
            imagem_url=dados.get("imagem_url"),
            versao=1,
            criado_em=self._banco.agora,
            atualizado_em=self._banco.agora,
        )
        self._banco.produtos[produto.id] = produto
        return copy.deepcopy(produto)

    def travado(self, produto_id: int) -> Produto | None:
        produto = self._banco.produtos.get(produto_id)
        return copy.deepcopy(produto)

    def salvar(self, produto: Produto) -> Produto:
        if any(p.nome == produto.nome and p.id != produto.id for p in self._banco.produtos.values()):
            raise nome_duplicado(produto.nome)
        guardado = replace(
            produto,
            preco=reais(produto.preco),
            # The stock moves only through the stock port, never with a product's other changes.
            estoque=self._banco.produtos[produto.id].estoque,
            categoria_nome=self._banco.categorias[produto.categoria_id].nome,
        )
        self._banco.produtos[produto.id] = guardado
        return copy.deepcopy(guardado)


class CategoriasFalsas:
    """Categories."""

    def __init__(self, banco: CatalogoEmMemoria) -> None:
        self._banco = banco

    def obter(self, categoria_id: int) -> Categoria | None:
        return copy.deepcopy(self._banco.categorias.get(categoria_id))

    def travada(self, categoria_id: int) -> Categoria | None:
        return self.obter(categoria_id)

    def adicionar(self, dados: Mapping[str, Any]) -> Categoria:
        if any(c.nome == dados["nome"] for c in self._banco.categorias.values()):
            raise nome_duplicado(dados["nome"])
        categoria = Categoria(
            max(self._banco.categorias, default=0) + 1, dados["nome"], dados["descricao"], True, 1
        )
        self._banco.categorias[categoria.id] = categoria
        return copy.deepcopy(categoria)

    def salvar(self, categoria: Categoria) -> Categoria:
        if any(c.nome == categoria.nome and c.id != categoria.id for c in self._banco.categorias.values()):
            raise nome_duplicado(categoria.nome)
        self._banco.categorias[categoria.id] = copy.deepcopy(categoria)
        return categoria


class EstoqueFalso:
    """The shelf: `tomar` takes every item or none, as the savepoint does."""

    def __init__(self, banco: CatalogoEmMemoria) -> None:
        self._banco = banco

    def travar(self, produto_id: int) -> Saldo | None:
        produto = self._banco.produtos.get(produto_id)
        return Saldo(produto.estoque, produto.versao) if produto else None

    def definir(self, produto_id: int, estoque: int) -> None:
        self._banco.produtos[produto_id].estoque = estoque

    def tomar(self, itens: Sequence[tuple[int, int]]) -> list[ItemTomado] | None:
        disponiveis = self.disponiveis([produto_id for produto_id, _ in itens])
        if any(disponiveis.get(produto_id, 0) < quantidade for produto_id, quantidade in itens):
            return None
        tomados = []
        for produto_id, quantidade in itens:
            produto = self._banco.produtos[produto_id]
            produto.estoque -= quantidade
            tomados.append(
                ItemTomado(produto_id, quantidade, em_texto(produto.preco), produto.nome, produto.estoque)
            )
        return tomados

    def devolver(self, produto_id: int, quantidade: int) -> int:
        self._banco.produtos[produto_id].estoque += quantidade
        return self._banco.produtos[produto_id].estoque

    def saldo(self, produto_id: int) -> int:
        return self._banco.produtos[produto_id].estoque

    def disponiveis(self, produto_ids: Sequence[int]) -> dict[int, int]:
        produtos = self._banco.produtos
        return {i: produtos[i].estoque if produtos[i].ativo else 0 for i in produto_ids if i in produtos}

    def registrar(self, movimento: Movimento) -> None:
        self._banco.movimentos.append(movimento)


class ReservasFalsas:
    """Reservations, one per order."""

    def __init__(self, banco: CatalogoEmMemoria) -> None:
        self._banco = banco

    def existe(self, pedido_id: str) -> bool:
        return pedido_id in self._banco.reservas

    def travada(self, pedido_id: str) -> Reserva | None:
        return copy.deepcopy(self._banco.reservas.get(pedido_id))

    def vencidas(self, limite: int) -> list[Reserva]:
        vencidas = [
            r
            for r in self._banco.reservas.values()
            if r.status == RESERVADA and r.expira_em < self._banco.agora
        ]
        return copy.deepcopy(sorted(vencidas, key=lambda r: r.expira_em)[:limite])

    def adicionar(self, reserva: Reserva) -> None:
        assert reserva.pedido_id not in self._banco.reservas, "the primary key would refuse it"
        self._banco.reservas[reserva.pedido_id] = copy.deepcopy(reserva)

    def salvar(self, reserva: Reserva) -> None:
        self._banco.reservas[reserva.pedido_id] = copy.deepcopy(reserva)


class OutboxFalsa:
    """Records the staged events (they are part of the transaction: a rollback drops them)."""

    def __init__(self, banco: CatalogoEmMemoria) -> None:
        self._banco = banco

    def de_produto(self, tipo: str, produto_id: int, versao: int, dados: Mapping[str, Any]) -> None:
        self._banco.eventos.append(
            EventoGravado(tipo, "Produto", produto_id, versao, copy.deepcopy(dict(dados)))
        )

    def de_reserva(
        self, tipo: str, pedido_id: str, versao: int, dados: Mapping[str, Any], causa: EventEnvelope | None
    ) -> None:
        dados = {"pedido_id": pedido_id, **copy.deepcopy(dict(dados))}
        self._banco.eventos.append(EventoGravado(tipo, "Reserva", pedido_id, versao, dados, causa))


class UnidadeFalsa(UnidadeDoCatalogo):
    """A unit of work on the in-memory catalog: counts commits, and undoes what was not committed."""

    def __init__(self, banco: CatalogoEmMemoria) -> None:
        self.banco = banco
        self.commits = 0
        self.produtos = ProdutosFalsos(banco)
        self.categorias = CategoriasFalsas(banco)
        self.estoque = EstoqueFalso(banco)
        self.reservas = ReservasFalsas(banco)
        self.eventos = OutboxFalsa(banco)
        self._confirmado = copy.deepcopy(vars(banco))

    def agora(self) -> datetime:
        return self.banco.agora

    def commit(self) -> None:
        self.commits += 1
        self._confirmado = copy.deepcopy(vars(self.banco))

    def rollback(self) -> None:
        vars(self.banco).update(copy.deepcopy(self._confirmado))


def depois(banco: CatalogoEmMemoria, segundos: float) -> None:
    """Let the database's clock run."""
    banco.agora += timedelta(seconds=segundos)
