"""The cart as its store holds it: its lines priced from the local product copies, its owner and its state."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from confeitaria_shared.dinheiro import reais, somar, subtotal

from .erros import CarrinhoFechadoError, SessaoNaoEncontradaError, SoODonoFinalizaError

ABERTO = "ABERTO"
FECHADO = "FECHADO"
# Who calls, as a cart checks it: staff, a customer by their id, or a guest (anyone holding the id).
EQUIPE = "*"
CONVIDADO = ""
ITEM = "item:"
PRECO = "preco:"


def chamador(e_equipe: bool, cliente_id: str | None) -> str:
    """The caller as carts see them: '*' for staff, a customer's id, '' for a guest."""
    return EQUIPE if e_equipe else (cliente_id or CONVIDADO)


def chave_do_checkout(session_id: str, checkouts: int) -> str:
    """One key per checkout of a cart, whatever its contents: two checkouts racing get one order."""
    return f"carrinho-{session_id}-c{checkouts}"


@dataclass(frozen=True)
class Linha:
    """One product in the cart: its units, the price it came in at, the product as its copy shows it."""

    produto_id: int
    quantidade: int
    preco_quando_adicionado: Decimal
    preco_unitario: Decimal
    nome: str
    disponivel: bool

    @property
    def preco_alterado(self) -> bool:
        """Whether the product's price moved since the line came in."""
        return self.preco_unitario != self.preco_quando_adicionado

    @property
    def subtotal(self) -> Decimal:
        """What the line costs at today's price."""
        return subtotal(self.preco_unitario, self.quantidade)

    def como_resposta(self) -> dict[str, Any]:
        """The line as the API shows it."""
        return {
            "produto_id": self.produto_id,
            "nome": self.nome,
            "preco_unitario": self.preco_unitario,
            "quantidade": self.quantidade,
            "subtotal": self.subtotal,
            "preco_alterado": self.preco_alterado,
            "preco_quando_adicionado": self.preco_quando_adicionado,
            "disponivel": self.disponivel,
        }


def total_de(linhas: list[Linha]) -> Decimal:
    """What the available lines cost at today's prices (an unavailable product is not for sale)."""
    return somar(linha.subtotal for linha in linhas if linha.disponivel)


def quantidade_de_itens(linhas: list[Linha]) -> int:
    """The units of the available lines."""
    return sum(linha.quantidade for linha in linhas if linha.disponivel)


@dataclass(frozen=True)
class Carrinho:
    """A cart's hash (_estado, _cliente... and item:/preco: per line) and the copies (nome, preco, ativo)."""

    session_id: str
    campos: dict[str, str]
    copias: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def estado(self) -> str | None:
        """ABERTO, or FECHADO while its order waits for its fate."""
        return self.campos.get("_estado")

    @property
    def cliente_id(self) -> str | None:
        """The customer the cart belongs to (None for a guest's): its checkout makes their order."""
        return self.campos.get("_cliente")

    @property
    def pedido_id(self) -> str | None:
        """The order the cart is closed with, if any."""
        return self.campos.get("_pedido_id")

    @property
    def ultimo_pedido_id(self) -> str | None:
        """The order the cart last became."""
        return self.campos.get("_ultimo_pedido_id")

    @property
    def versao(self) -> int:
        """How many changes the cart saw."""
        return int(self.campos.get("_versao", 0))

    @property
    def checkouts(self) -> int:
        """How many checkouts of this cart reached their fate: the next one's key is made of it."""
        return int(self.campos.get("_checkouts", 0))

    @property
    def linhas(self) -> list[Linha]:
        """The lines by product id; a product missing from the copies keeps the price it came in at."""
        ids = sorted((c.removeprefix(ITEM) for c in self.campos if c.startswith(ITEM)), key=int)
        return [self._linha(produto_id) for produto_id in ids]

    def _linha(self, produto_id: str) -> Linha:
        no_carrinho = reais(self.campos.get(f"{PRECO}{produto_id}", "0"))
        local = self.copias.get(produto_id, {})
        return Linha(
            produto_id=int(produto_id),
            quantidade=int(self.campos[f"{ITEM}{produto_id}"]),
            preco_quando_adicionado=no_carrinho,
            preco_unitario=reais(local.get("preco", no_carrinho)),
            nome=local.get("nome", f"Produto {produto_id}"),
            disponivel=local.get("ativo", "1") == "1",
        )

    @property
    def total(self) -> Decimal:
        """What the available lines cost at today's prices."""
        return total_de(self.linhas)

    def do_chamador(self, quem: str) -> bool:
        """A customer's cart answers only to them and to staff; a guest's to whoever holds its id."""
        return self.cliente_id is None or quem == EQUIPE or self.cliente_id == quem

    def exigir_editavel(self, quem: str) -> None:
        """Only the caller's cart, and only while open (the guards every change checks atomically)."""
        if not self.do_chamador(quem):
            raise SessaoNaoEncontradaError()
        if self.estado != ABERTO:
            raise CarrinhoFechadoError(self.pedido_id or "")

    def exigir_dono_para_checkout(self, cliente_logado: str | None) -> None:
        """A customer's cart becomes an order only by that customer's hand (not staff's)."""
        if self.cliente_id and cliente_logado != self.cliente_id:
            raise SoODonoFinalizaError()

    def pedido_anterior(self) -> str | None:
        """The order a retried checkout answers: the one it is closed with, or the last if it is empty."""
        return self.pedido_id or (None if self.linhas else self.ultimo_pedido_id)

    def itens_a_comprar(self) -> list[dict[str, int]]:
        """What its checkout orders: the available lines."""
        return [
            {"produto_id": linha.produto_id, "quantidade": linha.quantidade}
            for linha in self.linhas
            if linha.disponivel
        ]

    def chave_do_checkout(self) -> str:
        """The Idempotency-Key of this cart's next checkout."""
        return chave_do_checkout(self.session_id, self.checkouts)

    def como_resposta(self, expira_em: str) -> dict[str, Any]:
        """The cart as the API shows it: lines, totals and flags."""
        linhas = self.linhas
        return {
            "session_id": self.session_id,
            "estado": self.estado,
            "cliente_id": self.cliente_id,
            "pedido_id": self.pedido_id,
            "ultimo_pedido_id": self.ultimo_pedido_id,
            "itens": [linha.como_resposta() for linha in linhas],
            "total": total_de(linhas),
            "quantidade_itens": quantidade_de_itens(linhas),
            "versao": self.versao,
            "checkouts": self.checkouts,
            "expira_em": expira_em,
        }


def campos_de_um_novo(cliente_id: str | None, agora: int) -> dict[str, str]:
    """A new cart's fields: empty and open, a customer's when one opens it."""
    campos = {"_estado": ABERTO, "_versao": "0", "_linhas": "0", "_criado_em": str(agora)}
    if cliente_id:
        campos["_cliente"] = cliente_id
    return campos
