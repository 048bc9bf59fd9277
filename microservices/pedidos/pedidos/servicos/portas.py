"""What the use cases need from the world, as interfaces the adapters implement (and the tests fake)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, Protocol

from confeitaria_shared.envelope import EventEnvelope

from ..dominio.conta import Conta
from ..dominio.pagamento import ResultadoPagamento, Transacao
from ..dominio.pedido import Pedido


class ChaveEmUsoError(Exception):
    """Another request stored an order under the same idempotency key first."""


@dataclass(frozen=True)
class Solicitacao:
    """How an order was asked for: its idempotency key, the hash of the body, and the account (if any)."""

    pedido_id: str
    idempotency_key: str
    corpo_hash: str
    cliente_id: str | None


class RepositorioDePedidos(Protocol):
    """Orders as their events: loaded by folding them, saved by appending the new ones."""

    def obter(self, pedido_id: str, travar: bool = True) -> Pedido | None:
        """The order, or None; `travar` holds it for this transaction."""

    def pela_chave(self, idempotency_key: str) -> Solicitacao | None:
        """The order an idempotency key created, if any."""

    def adicionar(self, pedido: Pedido, solicitacao: Solicitacao) -> None:
        """Store a new order and its request; ChaveEmUsoError if the key was taken meanwhile."""

    def guardar(self, pedido: Pedido, causa: EventEnvelope | None = None) -> None:
        """Store the order's new events (caused by `causa`, if an event caused them)."""

    def pendentes_desde(self, segundos: int, limite: int) -> list[str]:
        """Ids of orders PENDENTE for over `segundos`, oldest first, held for this transaction."""


class RepositorioDeTransacoes(Protocol):
    """The record of payment attempts and refunds."""

    def adicionar(self, transacao: Transacao) -> None:
        """Record one transação."""


class RepositorioDeClientes(Protocol):
    """Customer accounts."""

    def adicionar(self, conta: Conta) -> Conta | None:
        """Store a new account and answer it as stored; None when its e-mail already has one."""

    def por_email(self, email: str) -> Conta | None:
        """The account of a (lower-case) e-mail."""

    def obter(self, cliente_id: str) -> Conta | None:
        """The account with this id."""


class ProvedorDePagamento(Protocol):
    """Charges and refunds orders; a repeated idempotency key gets the first answer, not a new operation."""

    def cobrar(
        self, pedido_id: str, valor: Decimal, pagamento: dict[str, Any], chave_idempotencia: str
    ) -> ResultadoPagamento:
        """Charge `valor` for the order with the given method data."""

    def estornar(
        self, pedido_id: str, valor: Decimal, pagamento: dict[str, Any], chave_idempotencia: str
    ) -> ResultadoPagamento:
        """Give `valor` back for the order."""


class Catalogo(Protocol):
    """The catalog service, as checkout asks it."""

    def produtos_ativos(self, ids: Sequence[int]) -> set[int] | None:
        """Ids among `ids` that are active products; None when the catalog does not answer."""


class Senhas(Protocol):
    """Password hashing."""

    def cifrar(self, senha: str) -> str:
        """The hash to keep instead of the password."""

    def confere(self, senha_hash: str | None, senha: str) -> bool:
        """Whether the password matches the hash; False for no hash, after as long as a real check."""


class Tentativas(Protocol):
    """Wrong passwords counted per account, to make guessing slow."""

    def exigir_liberada(self, conta: str) -> None:
        """Refuse (429) while the account waits after too many wrong passwords."""

    def falhou(self, conta: str) -> None:
        """Count one wrong password."""

    def acertou(self, conta: str) -> None:
        """Forget the wrong passwords."""


class Emissor(Protocol):
    """Issues customers' tokens and counts their wrong passwords."""

    @property
    def tentativas(self) -> Tentativas:
        """The counter of wrong passwords."""

    def emitir(self, sujeito: str, papel: Literal["cliente"]) -> dict[str, str]:
        """A token for `sujeito` with audience `papel`, and when it expires."""
