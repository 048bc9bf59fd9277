"""In-memory fakes of the cart's ports: its store (under dominio's rules), the catalog, the orders service."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from carrinho.dominio import desfecho as regras_do_desfecho
from carrinho.dominio import edicao
from carrinho.dominio.carrinho import Carrinho
from carrinho.dominio.desfecho import Desfecho, Fechamento
from carrinho.dominio.edicao import Limites
from carrinho.dominio.erros import (
    CatalogoIndisponivelError,
    PedidoRecusadoError,
    PedidosIndisponivelError,
    SessaoNaoEncontradaError,
)
from carrinho.dominio.eventos import EventoDoCarrinho
from carrinho.dominio.produto import Campos, gravar_se_mais_novo

TTL_S = 3600
EXPIRA_EM = "2026-12-01T12:00:00+00:00"


@dataclass
class CopiasEmMemoria:
    """Product copies in a dict; the version rule is the domain's."""

    copias: dict[str, Campos] = field(default_factory=dict)

    def gravar(self, produto_id: int | str, versao: int, campos: Campos) -> bool:
        mais_novo, self.copias[str(produto_id)] = gravar_se_mais_novo(
            self.copias.get(str(produto_id), {}), versao, campos
        )
        return mais_novo


@dataclass
class CarrinhosEmMemoria:
    """Carts in dicts, changed by the same rules the Redis scripts apply atomically."""

    copias: CopiasEmMemoria = field(default_factory=CopiasEmMemoria)
    limites: Limites = field(default_factory=lambda: Limites(max_linhas=3, max_quantidade=10))
    agora: float = 1_000_000.0
    carrinhos: dict[str, dict[str, str]] = field(default_factory=dict)
    eventos: list[EventoDoCarrinho] = field(default_factory=list)
    com_itens: dict[str, float] = field(default_factory=dict)
    pedidos: dict[str, str] = field(default_factory=dict)

    def abrir(self, session_id: str, campos: dict[str, str]) -> None:
        self.carrinhos[session_id] = dict(campos)

    def ler(self, session_id: str, quem: str) -> Carrinho:
        carrinho = self._carrinho(session_id)
        if not carrinho.do_chamador(quem):
            raise SessaoNaoEncontradaError()
        if session_id in self.com_itens:
            self.com_itens[session_id] = self.agora + TTL_S
        return carrinho

    def adicionar(
        self, session_id: str, produto_id: int, quantidade: int, quem: str, evento: EventoDoCarrinho
    ) -> Carrinho:
        copia = self.copias.copias.get(str(produto_id), {})
        carrinho = self._carrinho(session_id)
        return self._mudar(
            session_id, edicao.adicionar(carrinho, copia, produto_id, quantidade, self.limites, quem), evento
        )

    def definir(
        self, session_id: str, produto_id: int, quantidade: int, quem: str, evento: EventoDoCarrinho
    ) -> Carrinho:
        carrinho = self._carrinho(session_id)
        return self._mudar(
            session_id, edicao.definir(carrinho, produto_id, quantidade, self.limites, quem), evento
        )

    def descartar(self, session_id: str, quem: str, evento: EventoDoCarrinho) -> None:
        self._carrinho(session_id).exigir_editavel(quem)
        del self.carrinhos[session_id]
        self.com_itens.pop(session_id, None)
        self.eventos.append(evento)

    def fechar(
        self,
        session_id: str,
        pedido_id: str,
        comprados: list[tuple[int, int]],
        checkouts: int,
        evento: EventoDoCarrinho,
    ) -> Fechamento:
        campos = self.carrinhos.get(session_id, {})
        fechamento, novos = regras_do_desfecho.fechar(campos, pedido_id, comprados, checkouts)
        if novos is not campos:
            self.carrinhos[session_id] = novos
            self.com_itens.pop(session_id, None)
            self.pedidos[pedido_id] = session_id
            self.eventos.append(evento)
        return fechamento

    def carrinho_do_pedido(self, pedido_id: str) -> str | None:
        return self.pedidos.get(pedido_id)

    def concluir(self, session_id: str, pedido_id: str, desfecho: Desfecho, evento: EventoDoCarrinho) -> bool:
        novos = regras_do_desfecho.concluir(self.carrinhos.get(session_id, {}), pedido_id, desfecho)
        if novos is None:
            return False
        self.carrinhos[session_id] = novos
        self.eventos.append(evento)
        return True

    def vencidos(self) -> list[str]:
        return [session_id for session_id, expira in self.com_itens.items() if expira <= self.agora]

    def existe(self, session_id: str) -> bool:
        return session_id in self.carrinhos

    def marcar_abandonado(self, session_id: str, evento: EventoDoCarrinho) -> bool:
        if self.com_itens.pop(session_id, None) is None:
            return False
        self.eventos.append(evento)
        return True

    def expira_em(self) -> str:
        return EXPIRA_EM

    def expirar(self, session_id: str) -> None:
        """What the TTL does to an idle cart: it goes, and its expiry passes."""
        del self.carrinhos[session_id]
        self.agora = max(self.agora, self.com_itens.get(session_id, self.agora)) + 1

    def tipos(self) -> list[str]:
        """The types of the events the carts wrote, in order."""
        return [evento.tipo for evento in self.eventos]

    def _carrinho(self, session_id: str) -> Carrinho:
        if session_id not in self.carrinhos:
            raise SessaoNaoEncontradaError()
        return Carrinho(session_id, self.carrinhos[session_id], self._copias_das_linhas(session_id))

    def _copias_das_linhas(self, session_id: str) -> dict[str, dict[str, str]]:
        ids = [
            campo.removeprefix("item:") for campo in self.carrinhos[session_id] if campo.startswith("item:")
        ]
        return {
            produto_id: {
                campo: valor
                for campo, valor in self.copias.copias.get(produto_id, {}).items()
                if campo in ("nome", "preco", "ativo") and valor
            }
            for produto_id in ids
        }

    def _mudar(self, session_id: str, campos: dict[str, str], evento: EventoDoCarrinho) -> Carrinho:
        self.carrinhos[session_id] = campos
        if edicao.tem_itens(campos):
            self.com_itens[session_id] = self.agora + TTL_S
        else:
            self.com_itens.pop(session_id, None)
        self.eventos.append(evento)
        return self._carrinho(session_id)


@dataclass
class CatalogoFalso:
    """The catalog's products by id; `fora` makes it unreachable. Remembers what it was asked."""

    produtos: dict[int, dict[str, Any]] = field(default_factory=dict)
    fora: bool = False
    consultas: list[int] = field(default_factory=list)

    def produto(self, produto_id: int) -> dict[str, Any] | None:
        self.consultas.append(produto_id)
        if self.fora:
            raise CatalogoIndisponivelError()
        return self.produtos.get(produto_id)


@dataclass
class Pedido:
    """An order as the fake orders service keeps it, with how it was asked for."""

    dados: dict[str, Any]
    chave: str
    prefer: str | None
    autorizacao: str | None


@dataclass
class PedidosFalso:
    """The orders service: one order per Idempotency-Key, born in `status_ao_criar`."""

    status_ao_criar: str = "PENDENTE"
    fora: bool = False
    recusa: PedidoRecusadoError | None = None
    # The status the order has when read back (it may reach its fate between creation and a read).
    status_ao_ler: str | None = None
    pedidos: dict[str, Pedido] = field(default_factory=dict)

    def criar(
        self, corpo: dict[str, Any], chave: str, prefer: str | None, autorizacao: str | None
    ) -> dict[str, Any]:
        if self.fora:
            raise PedidosIndisponivelError()
        if self.recusa is not None:
            raise self.recusa
        for pedido in self.pedidos.values():
            if pedido.chave == chave:
                return dict(pedido.dados)
        pedido_id = f"pedido-{len(self.pedidos) + 1}"
        dados = {"id": pedido_id, "status": self.status_ao_criar, "itens": corpo["itens"]}
        self.pedidos[pedido_id] = Pedido(dados, chave, prefer, autorizacao)
        return dict(dados)

    def pedido(self, pedido_id: str) -> dict[str, Any]:
        if self.fora:
            raise PedidosIndisponivelError(PedidosIndisponivelError.AO_LER)
        dados = self.pedidos[pedido_id].dados
        return {**dados, "status": self.status_ao_ler or dados["status"]}


class AcessosFalsos:
    """Guest access tokens that name their order."""

    def acesso_do_pedido(self, pedido_id: str) -> str:
        return f"acesso-{pedido_id}"
