"""In-memory fakes of the orders service's ports: its use cases run on them in milliseconds, no database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Literal

from confeitaria_shared.contratos import eventos
from confeitaria_shared.contratos.status import PENDENTE
from confeitaria_shared.envelope import EventEnvelope
from pedidos.dominio.conta import Conta
from pedidos.dominio.pagamento import APROVADA, RECUSADA, ResultadoPagamento, Transacao
from pedidos.dominio.pedido import EventoDoPedido, Pedido
from pedidos.servicos.pedidos import criar_pedido
from pedidos.servicos.portas import ChaveEmUsoError, Solicitacao
from pedidos.servicos.saga import ao_reservar_estoque
from pedidos.servicos.unidade import UnidadeDePedidos


@dataclass
class Guardado:
    """One event the repository stored, with the event that caused it (None for a request's)."""

    evento: EventoDoPedido
    causa: EventEnvelope | None


class RepositorioDePedidosFake:
    """Orders in a dict; every stored event recorded in `guardados`, in order."""

    def __init__(self) -> None:
        self.pedidos: dict[str, Pedido] = {}
        self.solicitacoes: dict[str, Solicitacao] = {}
        self.guardados: list[Guardado] = []
        self.idades: dict[str, int] = {}
        # A request that stores an order under the same key just before this one does (the race).
        self.concorrente: Solicitacao | None = None

    def obter(self, pedido_id: str, travar: bool = True) -> Pedido | None:
        return self.pedidos.get(pedido_id)

    def pela_chave(self, idempotency_key: str) -> Solicitacao | None:
        return self.solicitacoes.get(idempotency_key)

    def adicionar(self, pedido: Pedido, solicitacao: Solicitacao) -> None:
        if self.concorrente is not None:
            self.solicitacoes[self.concorrente.idempotency_key] = self.concorrente
            raise ChaveEmUsoError(solicitacao.idempotency_key)
        self.solicitacoes[solicitacao.idempotency_key] = solicitacao
        self.idades[pedido.id] = 0
        self.guardar(pedido)

    def guardar(self, pedido: Pedido, causa: EventEnvelope | None = None) -> None:
        self.guardados.extend(Guardado(evento, causa) for evento in pedido.novos)
        self.pedidos[pedido.id] = replace(pedido, novos=())

    def pendentes_desde(self, segundos: int, limite: int) -> list[str]:
        presos = [
            pedido_id
            for pedido_id, pedido in self.pedidos.items()
            if pedido.status == PENDENTE and self.idades.get(pedido_id, 0) > segundos
        ]
        return sorted(presos, key=lambda pedido_id: -self.idades[pedido_id])[:limite]

    def tipos(self, pedido_id: str) -> list[str]:
        """The types of the order's stored events, oldest first."""
        return [g.evento.tipo for g in self.guardados if g.evento.dados["pedido_id"] == pedido_id]

    def dados(self, pedido_id: str, tipo: str) -> dict[str, Any]:
        """The data of the order's last stored event of `tipo`."""
        return next(
            g.evento.dados
            for g in reversed(self.guardados)
            if g.evento.dados["pedido_id"] == pedido_id and g.evento.tipo == tipo
        )


class RepositorioDeTransacoesFake:
    """Transações in a list."""

    def __init__(self) -> None:
        self.transacoes: list[Transacao] = []

    def adicionar(self, transacao: Transacao) -> None:
        self.transacoes.append(transacao)

    def do_pedido(self, pedido_id: str) -> list[tuple[str, str]]:
        """The order's transações as (tipo, status), oldest first."""
        return [(t.tipo, t.resultado.status) for t in self.transacoes if t.pedido_id == pedido_id]


class RepositorioDeClientesFake:
    """Accounts in a dict; the e-mail is unique, as the table's index makes it."""

    CRIADO_EM = "2026-11-30T12:00:00+00:00"

    def __init__(self) -> None:
        self.contas: dict[str, Conta] = {}

    def adicionar(self, conta: Conta) -> Conta | None:
        if self.por_email(conta.email) is not None:
            return None
        guardada = replace(conta, criado_em=self.CRIADO_EM)
        self.contas[conta.id] = guardada
        return guardada

    def por_email(self, email: str) -> Conta | None:
        return next((c for c in self.contas.values() if c.email == email), None)

    def obter(self, cliente_id: str) -> Conta | None:
        return self.contas.get(cliente_id)


class UnidadeFake(UnidadeDePedidos):
    """The repositories above, and how often the use case committed or rolled back."""

    def __init__(self) -> None:
        self.pedidos: RepositorioDePedidosFake = RepositorioDePedidosFake()
        self.transacoes: RepositorioDeTransacoesFake = RepositorioDeTransacoesFake()
        self.clientes: RepositorioDeClientesFake = RepositorioDeClientesFake()
        self.commits = 0
        self.rollbacks = 0

    def commit(self) -> None:
        self.commits += 1

    def rollback(self) -> None:
        self.rollbacks += 1


@dataclass
class ProvedorFake:
    """A payment provider that answers as told, records each call, and repeats its answer for a known key."""

    cobranca: str = APROVADA
    estorno: str = APROVADA
    chamadas: list[tuple[str, str, Decimal, str]] = field(default_factory=list)
    respostas: dict[str, ResultadoPagamento] = field(default_factory=dict)

    def cobrar(
        self, pedido_id: str, valor: Decimal, pagamento: dict[str, Any], chave_idempotencia: str
    ) -> ResultadoPagamento:
        self.chamadas.append(("cobrar", pedido_id, valor, chave_idempotencia))
        detalhe = "aprovado" if self.cobranca == APROVADA else "cartão recusado"
        return self._responder(chave_idempotencia, ResultadoPagamento(self.cobranca, detalhe, "ref-cobranca"))

    def estornar(
        self, pedido_id: str, valor: Decimal, pagamento: dict[str, Any], chave_idempotencia: str
    ) -> ResultadoPagamento:
        self.chamadas.append(("estornar", pedido_id, valor, chave_idempotencia))
        detalhe = "estorno aprovado" if self.estorno == APROVADA else "estorno recusado pelo emissor"
        return self._responder(chave_idempotencia, ResultadoPagamento(self.estorno, detalhe, "ref-estorno"))

    def _responder(self, chave: str, resultado: ResultadoPagamento) -> ResultadoPagamento:
        return self.respostas.setdefault(chave, resultado)


def provedor_que_recusa() -> ProvedorFake:
    """A provider that declines every charge and refund."""
    return ProvedorFake(cobranca=RECUSADA, estorno=RECUSADA)


@dataclass
class CatalogoFake:
    """The catalog's client: `ativos` are the active products; None plays a catalog that does not answer."""

    ativos: set[int] | None = None
    perguntas: list[list[int]] = field(default_factory=list)

    def produtos_ativos(self, ids: Sequence[int]) -> set[int] | None:
        self.perguntas.append(list(ids))
        return None if self.ativos is None else set(ids) & self.ativos


class ContaBloqueadaError(Exception):
    """What the fake counter raises for an account waiting after too many wrong passwords."""


@dataclass
class TentativasFake:
    """Wrong passwords counted per account; `bloqueadas` are refused before any check."""

    bloqueadas: set[str] = field(default_factory=set)
    falhas: list[str] = field(default_factory=list)
    acertos: list[str] = field(default_factory=list)

    def exigir_liberada(self, conta: str) -> None:
        if conta in self.bloqueadas:
            raise ContaBloqueadaError(conta)

    def falhou(self, conta: str) -> None:
        self.falhas.append(conta)

    def acertou(self, conta: str) -> None:
        self.acertos.append(conta)


@dataclass
class EmissorFake:
    """Issues readable tokens and counts wrong passwords."""

    tentativas: TentativasFake = field(default_factory=TentativasFake)

    def emitir(self, sujeito: str, papel: Literal["cliente"]) -> dict[str, str]:
        return {"token": f"{papel}:{sujeito}", "expira_em": "2026-12-01T00:00:00+00:00"}


@dataclass
class SenhasFake:
    """Reversible "hashes", and a record of every check (a missing account must cost one too)."""

    conferidas: list[str | None] = field(default_factory=list)

    def cifrar(self, senha: str) -> str:
        return f"hash:{senha}"

    def confere(self, senha_hash: str | None, senha: str) -> bool:
        self.conferidas.append(senha_hash)
        return senha_hash == f"hash:{senha}"


PIX = {"metodo": "pix"}
DADOS = {
    "itens": [{"produto_id": 1, "quantidade": 2}],
    "cliente_id": None,
    "cliente": {"nome": "Ana", "email": "Ana@Example.com", "telefone": "11 99999-0000"},
    "entrega": {"endereco": "Rua A, 1"},
    "pagamento": PIX,
}


def estoque_reservado(pedido_id: str, preco: str = "4.50") -> EventEnvelope:
    """The catalog's answer: every item of DADOS reserved at `preco`."""
    itens = [{"produto_id": 1, "quantidade": 2, "preco_unitario": preco, "nome": "Brigadeiro"}]
    return EventEnvelope(
        type=eventos.ESTOQUE_RESERVADO,
        aggregate_type="Reserva",
        aggregate_id=pedido_id,
        data={"pedido_id": pedido_id, "itens": itens, "expira_em": "2026-11-30T12:10:00+00:00"},
        producer="catalogo",
    )


def pedido_criado(uow: UnidadeFake, pagamento: dict[str, str] = PIX, chave: str = "chave") -> str:
    """A new order PENDENTE, through the checkout use case."""
    dados = {**DADOS, "pagamento": pagamento}
    return criar_pedido(uow, CatalogoFake(), dados, chave, f"hash-{chave}")[0]


def pedido_confirmado(uow: UnidadeFake, provedor: ProvedorFake, chave: str = "chave") -> str:
    """A paid, confirmed order (9.00), through checkout and the catalog's reservation."""
    pedido_id = pedido_criado(uow, chave=chave)
    ao_reservar_estoque(estoque_reservado(pedido_id), uow, provedor)
    return pedido_id


def status(uow: UnidadeFake, pedido_id: str) -> str | None:
    """The stored order's status."""
    return uow.pedidos.pedidos[pedido_id].status
