"""Payments of the orders saga against real PostgreSQL and Redis: refused refunds, charges never repeated."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

import redis
from confeitaria_shared.config import StreamSettings
from confeitaria_shared.consumer import StreamConsumer
from confeitaria_shared.envelope import EventEnvelope
from confeitaria_shared.inbox import TransactionalDispatcher
from pedidos.adaptadores.pagamentos import CARTAO_ESTORNO_RECUSADO_PADRAO, ProvedorSimulado
from pedidos.adaptadores.unidade import UnidadeSqlDePedidos
from pedidos.dominio.pagamento import ResultadoPagamento
from pedidos.handlers import handlers
from pedidos.servicos.pedidos import cancelar_pelo_cliente, criar_pedido
from pedidos.servicos.portas import ProvedorDePagamento
from pedidos.servicos.saga import ao_reservar_estoque
from tests.integration.conftest import migrar_pedidos
from tests.support.eventually import eventually
from tests.support.fakes_pedidos import CatalogoFake


def dados(pagamento: dict[str, str]) -> dict[str, Any]:
    return {
        "itens": [{"produto_id": 1, "quantidade": 2}],
        "cliente": {"nome": "Ana", "email": "ana@example.com", "telefone": "11 99999-0000"},
        "entrega": {"endereco": "Rua A, 1"},
        "pagamento": pagamento,
    }


PIX = {"metodo": "pix"}
CARTAO_SEM_ESTORNO = {"metodo": "cartao", "cartao_final": CARTAO_ESTORNO_RECUSADO_PADRAO[-4:]}


@dataclass
class ProvedorContado:
    """The simulated provider, counting how often it is asked to charge."""

    real: ProvedorSimulado
    pedidos_de_cobranca: list[str] = field(default_factory=list)

    def cobrar(
        self, pedido_id: str, valor: Decimal, pagamento: dict[str, Any], chave_idempotencia: str
    ) -> ResultadoPagamento:
        self.pedidos_de_cobranca.append(chave_idempotencia)
        return self.real.cobrar(pedido_id, valor, pagamento, chave_idempotencia)

    def estornar(
        self, pedido_id: str, valor: Decimal, pagamento: dict[str, Any], chave_idempotencia: str
    ) -> ResultadoPagamento:
        return self.real.estornar(pedido_id, valor, pagamento, chave_idempotencia)


@pytest.fixture
def pedidos_db(database_url: str) -> Iterator[sa.Engine]:
    """A database migrated like pedidos-db."""
    engine = migrar_pedidos(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(pedidos_db: sa.Engine) -> sessionmaker[Session]:
    return sessionmaker(pedidos_db)


def estoque_reservado(pedido_id: str) -> EventEnvelope:
    """The catalog's answer: every item reserved, at the catalog's price."""
    itens = [{"produto_id": 1, "quantidade": 2, "preco_unitario": "12.50", "nome": "Bolo"}]
    return EventEnvelope(
        type="EstoqueReservado",
        aggregate_type="Reserva",
        aggregate_id=pedido_id,
        data={"pedido_id": pedido_id, "itens": itens},
        producer="catalogo",
    )


def criar(sessions: sessionmaker[Session], pagamento: dict[str, str], chave: str) -> str:
    """Check out as the API does, in a unit of work of its own (the catalog not answering)."""
    with sessions() as session, UnidadeSqlDePedidos(lambda: session) as uow:
        return criar_pedido(uow, CatalogoFake(), dados(pagamento), chave, "hash")[0]


def reservar(session: Session, evento: EventEnvelope, provedor: ProvedorDePagamento) -> None:
    """Apply the catalog's answer as the worker does: on a unit lent the caller's transaction."""
    with UnidadeSqlDePedidos.sobre(session) as uow:
        ao_reservar_estoque(evento, uow, provedor)


def cancelar(sessions: sessionmaker[Session], pedido_id: str, provedor: ProvedorDePagamento) -> str:
    """The customer cancels, as the API does."""
    with sessions() as session, UnidadeSqlDePedidos(lambda: session) as uow:
        return str(cancelar_pelo_cliente(uow, pedido_id, provedor)["status"])


def pedido_confirmado(
    sessions: sessionmaker[Session], provedor: ProvedorSimulado, pagamento: dict[str, str]
) -> str:
    pedido_id = criar(sessions, pagamento, str(uuid.uuid4()))
    with sessions() as session, session.begin():
        reservar(session, estoque_reservado(pedido_id), provedor)
    return pedido_id


def transacoes(sessions: sessionmaker[Session], pedido_id: str) -> list[tuple[str, str]]:
    with sessions() as session:
        linhas = session.execute(
            sa.text("SELECT tipo, status FROM transacoes WHERE pedido_id = :id ORDER BY criado_em, tipo"),
            {"id": pedido_id},
        ).all()
    return [(tipo, status) for tipo, status in linhas]


def operacoes_no_provedor(sessions: sessionmaker[Session], pedido_id: str) -> list[tuple[str, str]]:
    with sessions() as session:
        linhas = session.execute(
            sa.text("SELECT tipo, status FROM operacoes_simuladas WHERE pedido_id = :id ORDER BY criado_em"),
            {"id": pedido_id},
        ).all()
    return [(tipo, status) for tipo, status in linhas]


def eventos(sessions: sessionmaker[Session], pedido_id: str) -> list[str]:
    with sessions() as session:
        return list(
            session.execute(
                sa.text("SELECT tipo FROM eventos_pedido WHERE pedido_id = :id ORDER BY versao"),
                {"id": pedido_id},
            ).scalars()
        )


def status(sessions: sessionmaker[Session], pedido_id: str) -> str:
    with sessions() as session:
        return str(
            session.execute(sa.text("SELECT status FROM pedidos WHERE id = :id"), {"id": pedido_id}).scalar()
        )


def test_a_refund_the_provider_refuses_is_recorded_as_recusada_with_estorno_recusado(
    pedidos_db: sa.Engine, sessions: sessionmaker[Session]
) -> None:
    provedor = ProvedorSimulado(pedidos_db)
    pedido_id = pedido_confirmado(sessions, provedor, CARTAO_SEM_ESTORNO)

    assert cancelar(sessions, pedido_id, provedor) == "CANCELADO"

    assert transacoes(sessions, pedido_id) == [("PAGAMENTO", "APROVADA"), ("ESTORNO", "RECUSADA")]
    assert eventos(sessions, pedido_id)[-2:] == ["PedidoCancelado", "EstornoRecusado"]
    with sessions() as session:
        publicados = session.execute(sa.text("SELECT event_type FROM outbox ORDER BY id")).scalars().all()
        detalhe = session.execute(
            sa.text("SELECT dados->>'detalhe' FROM eventos_pedido WHERE tipo = 'EstornoRecusado'")
        ).scalar_one()
    assert "PagamentoEstornado" not in publicados
    assert publicados[-1] == "EstornoRecusado"
    assert "estorno recusado" in detalhe


def test_a_refund_of_an_ordinary_payment_is_approved_as_pagamento_estornado(
    pedidos_db: sa.Engine, sessions: sessionmaker[Session]
) -> None:
    provedor = ProvedorSimulado(pedidos_db)
    pedido_id = pedido_confirmado(sessions, provedor, PIX)

    cancelar(sessions, pedido_id, provedor)

    assert transacoes(sessions, pedido_id) == [("PAGAMENTO", "APROVADA"), ("ESTORNO", "APROVADA")]
    assert eventos(sessions, pedido_id)[-2:] == ["PedidoCancelado", "PagamentoEstornado"]


def test_a_repeated_idempotency_key_gets_the_first_answer_without_a_second_charge(
    pedidos_db: sa.Engine, sessions: sessionmaker[Session]
) -> None:
    pedido_id = criar(sessions, PIX, "chave-repetida")

    primeira = ProvedorSimulado(pedidos_db).cobrar(pedido_id, Decimal("25.00"), PIX, "cobranca:1")
    # A provider that would now refuse everything still answers the key as it did the first time.
    repetida = ProvedorSimulado(pedidos_db, taxa_recusa=1.0).cobrar(
        pedido_id, Decimal("25.00"), PIX, "cobranca:1"
    )

    assert primeira.status == repetida.status == "APROVADA"
    assert operacoes_no_provedor(sessions, pedido_id) == [("PAGAMENTO", "APROVADA")]


def falhar_o_primeiro_commit_com_transacao(pedidos_db: sa.Engine) -> None:
    """Make the first commit that writes a transação fail, after the handler has run to its end."""
    with pedidos_db.begin() as conn:
        # A sequence is not transactional: the rolled-back first commit still used up its number.
        conn.execute(sa.text("CREATE SEQUENCE commits_com_transacao"))
        conn.execute(
            sa.text(
                """
                CREATE FUNCTION falhar_o_primeiro() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF nextval('commits_com_transacao') = 1 THEN
                        RAISE EXCEPTION 'commit perdido (teste)';
                    END IF;
                    RETURN NULL;
                END $$
                """
            )
        )
        # Deferred: checked at COMMIT, so the charge has already been made when it fails.
        conn.execute(
            sa.text(
                "CREATE CONSTRAINT TRIGGER falhar_no_commit AFTER INSERT ON transacoes "
                "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION falhar_o_primeiro()"
            )
        )


def test_a_charge_whose_commit_failed_is_not_repeated_when_the_reservation_is_redelivered(
    pedidos_db: sa.Engine, sessions: sessionmaker[Session], bus: redis.Redis, stream_settings: StreamSettings
) -> None:
    pedido_id = criar(sessions, PIX, "chave-redelivery")
    falhar_o_primeiro_commit_com_transacao(pedidos_db)
    provedor = ProvedorContado(ProvedorSimulado(pedidos_db))
    dispatcher = TransactionalDispatcher(sessions, "pedidos", handlers(provedor))
    consumer = StreamConsumer(bus, stream_settings, "pedidos", "pedidos-1", dispatcher)
    bus.xadd(stream_settings.stream, estoque_reservado(pedido_id).to_stream_fields())

    consumer.poll_once()
    assert status(sessions, pedido_id) == "PENDENTE"  # the handler's work was rolled back...
    assert operacoes_no_provedor(sessions, pedido_id) == [("PAGAMENTO", "APROVADA")]  # ...the charge was not

    def confirmado() -> bool:
        consumer.poll_once(block_ms=20)  # reclaims the pending entry once it is idle
        return status(sessions, pedido_id) == "CONFIRMADO"

    eventually(confirmado, timeout_s=15, interval_s=0.05)
    assert operacoes_no_provedor(sessions, pedido_id) == [("PAGAMENTO", "APROVADA")]
    assert len(provedor.pedidos_de_cobranca) == 2
    assert len(set(provedor.pedidos_de_cobranca)) == 1  # the redelivery asked with the same key
    assert transacoes(sessions, pedido_id) == [("PAGAMENTO", "APROVADA")]
    assert eventos(sessions, pedido_id) == [
        "PedidoCriado",
        "EstoqueReservado",
        "PagamentoAprovado",
        "PedidoConfirmado",
    ]
    assert int(bus.xpending(stream_settings.stream, "pedidos")["pending"]) == 0


def test_a_reservation_delivered_again_with_the_same_or_another_id_charges_the_order_once(
    pedidos_db: sa.Engine, sessions: sessionmaker[Session]
) -> None:
    pedido_id = criar(sessions, PIX, "chave-duas-reservas")
    provedor = ProvedorSimulado(pedidos_db)
    primeira = estoque_reservado(pedido_id)
    for entrega in (primeira, primeira):
        with sessions() as session:
            reservar(session, entrega, provedor)
            session.rollback()  # the commit never happened: the charge did (the provider is elsewhere)
    assert status(sessions, pedido_id) == "PENDENTE"

    outra = estoque_reservado(pedido_id)  # a distinct event (another id) for the same order
    assert outra.event_id != primeira.event_id
    for entrega in (outra, primeira):
        with sessions() as session, session.begin():
            reservar(session, entrega, provedor)

    assert status(sessions, pedido_id) == "CONFIRMADO"
    assert operacoes_no_provedor(sessions, pedido_id) == [("PAGAMENTO", "APROVADA")]
    assert transacoes(sessions, pedido_id) == [("PAGAMENTO", "APROVADA")]
