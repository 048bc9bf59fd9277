"""The orders saga's database side against a real PostgreSQL: stuck orders, versions, idempotency,
and the saga between the orders and catalog stores when a reservation expires before confirmation."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from catalogo import worker as catalogo_worker
from catalogo.adaptadores.unidade import UnidadeDoCatalogoSql
from catalogo.config import CatalogoSettings
from catalogo.servicos.reservas import expirar_reservas
from confeitaria_shared.contratos import eventos
from confeitaria_shared.dominio import RecusadoError
from confeitaria_shared.envelope import EventEnvelope
from confeitaria_shared.inbox import TransactionalDispatcher
from pedidos import handlers as pedidos_handlers
from pedidos.adaptadores.pagamentos import CARTAO_ESTORNO_RECUSADO_PADRAO, ProvedorSimulado
from pedidos.adaptadores.repositorio import RepositorioSqlDePedidos
from pedidos.adaptadores.unidade import UnidadeSqlDePedidos
from pedidos.servicos.pedidos import criar_pedido
from pedidos.servicos.saga import expirar_pendentes
from tests.integration.conftest import migrar_catalogo, migrar_pedidos
from tests.support.fakes_pedidos import CatalogoFake

DADOS = {
    "itens": [{"produto_id": 1, "quantidade": 1}],
    "cliente": {"nome": "Ana", "email": "ana@example.com", "telefone": "11 99999-0000"},
    "entrega": {"endereco": "Rua A, 1"},
    "pagamento": {"metodo": "pix"},
}


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    engine = migrar_pedidos(database_url)
    yield sessionmaker(engine)
    engine.dispose()


def criar(sessions: sessionmaker[Session], dados: dict[str, Any], chave: str, corpo_hash: str) -> str:
    """Check out as the API does, in a unit of work of its own (the catalog not answering)."""
    with sessions() as session, UnidadeSqlDePedidos(lambda: session) as uow:
        return criar_pedido(uow, CatalogoFake(), dados, chave, corpo_hash)[0]


def test_an_order_stuck_pendente_past_the_timeout_is_cancelled_as_expirado(
    sessions: sessionmaker[Session], engine: sa.Engine
) -> None:
    criar(sessions, DADOS, "chave-1", "hash-1")
    with sessions() as session, session.begin():
        session.execute(sa.text("UPDATE pedidos SET criado_em = now() - interval '10 minutes'"))

    with sessions() as session, UnidadeSqlDePedidos(lambda: session) as uow:
        assert expirar_pendentes(uow, 120, ProvedorSimulado(engine)) == 1

    with sessions() as session:
        status, motivo = session.execute(sa.text("SELECT status, motivo_cancelamento FROM pedidos")).one()
        publicados = session.execute(sa.text("SELECT event_type FROM outbox ORDER BY id")).scalars().all()
    assert (status, motivo) == ("CANCELADO", "EXPIRADO")
    assert publicados == ["PedidoCriado", "PedidoCancelado"]


def test_two_writers_cannot_both_append_the_same_version(sessions: sessionmaker[Session]) -> None:
    pedido_id = criar(sessions, DADOS, "chave-2", "hash-2")
    with sessions() as a, sessions() as b:
        pedido_a = RepositorioSqlDePedidos(a).obter(pedido_id, travar=False)
        pedido_b = RepositorioSqlDePedidos(b).obter(pedido_id, travar=False)
        assert pedido_a is not None and pedido_b is not None
        cancelado = pedido_a.registrar(eventos.PEDIDO_CANCELADO, {"motivo": "CANCELADO_PELO_CLIENTE"}, "t")
        RepositorioSqlDePedidos(a).guardar(cancelado)
        a.commit()
        alterado = pedido_b.registrar(eventos.ENTREGA_ALTERADA, {"entrega": {"endereco": "Outra"}}, "t")
        with pytest.raises(IntegrityError):
            RepositorioSqlDePedidos(b).guardar(alterado)
            b.commit()


def test_concurrent_requests_with_one_key_create_one_order(sessions: sessionmaker[Session]) -> None:
    ids: list[str] = []
    barreira = threading.Barrier(5)

    def checkout() -> None:
        barreira.wait()
        ids.append(criar(sessions, DADOS, "chave-3", "hash-3"))

    threads = [threading.Thread(target=checkout) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert len(set(ids)) == 1
    with sessions() as session:
        assert session.execute(sa.text("SELECT count(*) FROM pedidos")).scalar_one() == 1


def test_the_same_key_with_another_body_is_refused(sessions: sessionmaker[Session]) -> None:
    criar(sessions, DADOS, "chave-4", "hash-4")

    with pytest.raises(RecusadoError) as caught:
        criar(sessions, DADOS, "chave-4", "outro-hash")

    assert caught.value.codigo == "IDEMPOTENCY_KEY_REUTILIZADA"


@dataclass
class Servico:
    """One service's store and worker handlers; `lido` is the last of its outbox rows passed on."""

    sessions: sessionmaker[Session]
    despachar: TransactionalDispatcher
    lido: int = 0

    def novos(self) -> list[EventEnvelope]:
        """Its outbox rows not yet passed on, oldest first, as the stream would carry them."""
        with self.sessions() as session:
            linhas = session.execute(
                sa.text("SELECT id, payload FROM outbox WHERE id > :lido ORDER BY id"), {"lido": self.lido}
            ).all()
        if linhas:
            self.lido = linhas[-1][0]
        return [EventEnvelope.from_dict(payload) for _id, payload in linhas]


def trocar(de: Servico, para: Servico) -> int:
    """Deliver what `de` published to `para`'s handlers, through its inbox, as its worker would."""
    novos = de.novos()
    for evento in novos:
        para.despachar(evento)
    return len(novos)


@dataclass
class Saga:
    """The orders and catalog services, each on its own database, with the events carried by hand."""

    pedidos: Servico
    catalogo: Servico

    def comprar(self, quantidade: int, pagamento: dict[str, str]) -> str:
        """Check out `quantidade` of product 1 and let the catalog reserve it (its answer not yet read)."""
        pedido_id = criar(
            self.pedidos.sessions,
            {**DADOS, "itens": [{"produto_id": 1, "quantidade": quantidade}], "pagamento": pagamento},
            str(uuid.uuid4()),
            "hash",
        )
        trocar(self.pedidos, self.catalogo)
        return pedido_id

    def expirar_reservas(self) -> None:
        with self.catalogo.sessions() as session, session.begin(), UnidadeDoCatalogoSql.sobre(session) as uow:
            session.execute(sa.text("UPDATE reservas SET expira_em = now() - interval '1 second'"))
            expirar_reservas(uow)

    def ate_parar(self) -> None:
        """Carry events both ways until neither service has anything new to say."""
        while trocar(self.catalogo, self.pedidos) + trocar(self.pedidos, self.catalogo):
            pass

    def ler(self, sql: str, **params: Any) -> list[Any]:
        with self.pedidos.sessions() as session:
            return list(session.execute(sa.text(sql), params).all())

    def ler_no_catalogo(self, sql: str, **params: Any) -> list[Any]:
        with self.catalogo.sessions() as session:
            return list(session.execute(sa.text(sql), params).all())

    def eventos_do_pedido(self, pedido_id: str) -> list[str]:
        """The order's own history, in the orders store."""
        sql = "SELECT tipo FROM eventos_pedido WHERE pedido_id = :p ORDER BY versao"
        return [tipo for (tipo,) in self.ler(sql, p=pedido_id)]

    def eventos_do_catalogo(self, pedido_id: str) -> list[str]:
        """What the catalog published about the order's reservation."""
        sql = "SELECT event_type FROM outbox WHERE aggregate_id = :p ORDER BY id"
        return [tipo for (tipo,) in self.ler_no_catalogo(sql, p=pedido_id)]

    def estoque_e_razao(self) -> tuple[int, int]:
        [(estoque, razao)] = self.ler_no_catalogo(
            "SELECT estoque, (SELECT sum(delta) FROM movimentos_estoque WHERE produto_id = 1) "
            "FROM produtos WHERE id = 1"
        )
        return int(estoque), int(razao)


@pytest.fixture
def saga(database_url: str, segunda_database_url: str) -> Iterator[Saga]:
    """Orders on one database, the catalog (seed: product 1 has 10 units) on another."""
    engine_pedidos = migrar_pedidos(database_url)
    engine_catalogo = migrar_catalogo(segunda_database_url)
    pedidos, catalogo = sessionmaker(engine_pedidos), sessionmaker(engine_catalogo)
    ajustes = CatalogoSettings(segunda_database_url, None, read_only=False, reserva_ttl_s=60)
    yield Saga(
        Servico(
            pedidos,
            TransactionalDispatcher(
                pedidos, "pedidos", pedidos_handlers.handlers(ProvedorSimulado(engine_pedidos))
            ),
        ),
        Servico(catalogo, TransactionalDispatcher(catalogo, "catalogo", catalogo_worker.handlers(ajustes))),
    )
    engine_pedidos.dispose()
    engine_catalogo.dispose()


PIX = {"metodo": "pix"}
CARTAO_SEM_ESTORNO = {"metodo": "cartao", "cartao_final": CARTAO_ESTORNO_RECUSADO_PADRAO[-4:]}


@pytest.mark.parametrize(
    ("pagamento", "estorno", "evento_do_estorno"),
    [(PIX, "APROVADA", "PagamentoEstornado"), (CARTAO_SEM_ESTORNO, "RECUSADA", "EstornoRecusado")],
    ids=["refund_approved", "refund_refused"],
)
def test_an_order_confirmed_after_its_expired_units_went_to_another_order_is_cancelled_and_refunded(
    saga: Saga, pagamento: dict[str, str], estorno: str, evento_do_estorno: str
) -> None:
    atrasado = saga.comprar(3, pagamento)  # reserved, but the orders worker reads the answer late
    saga.expirar_reservas()
    outro = saga.comprar(8, PIX)  # takes 8 of the 10 units the expiry gave back

    saga.ate_parar()

    pedidos = saga.ler("SELECT id::text, status, motivo_cancelamento FROM pedidos")
    assert {p: (s, m) for p, s, m in pedidos} == {
        atrasado: ("CANCELADO", "ESTOQUE_EXPIRADO"),
        outro: ("CONFIRMADO", None),
    }
    assert saga.eventos_do_pedido(atrasado) == [
        "PedidoCriado",
        "EstoqueReservado",
        "PagamentoAprovado",
        "PedidoConfirmado",
        "PedidoCancelado",
        evento_do_estorno,
    ]
    assert saga.ler(
        "SELECT tipo, status FROM operacoes_simuladas WHERE pedido_id = :p ORDER BY criado_em", p=atrasado
    ) == [("PAGAMENTO", "APROVADA"), ("ESTORNO", estorno)]
    [(faltando,)] = saga.ler(
        "SELECT dados->'faltando' FROM eventos_pedido WHERE pedido_id = :p AND tipo = 'PedidoCancelado'",
        p=atrasado,
    )
    assert faltando == [{"produto_id": 1, "solicitado": 3, "disponivel": 2}]
    # The stock is the seed's 10 less the one order that kept its units; nothing came back twice.
    assert saga.estoque_e_razao() == (2, 2)
    assert saga.eventos_do_catalogo(atrasado) == ["EstoqueReservado", "EstoqueLiberado", "VendaSemEstoque"]


def test_an_order_confirmed_after_its_reservation_expired_with_the_units_still_there_stays_confirmed(
    saga: Saga,
) -> None:
    atrasado = saga.comprar(3, PIX)
    saga.expirar_reservas()
    outro = saga.comprar(7, PIX)  # leaves exactly the 3 units the late order needs

    saga.ate_parar()

    assert sorted(saga.ler("SELECT id::text, status FROM pedidos")) == sorted(
        [(atrasado, "CONFIRMADO"), (outro, "CONFIRMADO")]
    )
    assert saga.ler("SELECT tipo FROM operacoes_simuladas WHERE pedido_id = :p", p=atrasado) == [
        ("PAGAMENTO",)
    ]
    assert saga.estoque_e_razao() == (0, 0)
    assert saga.ler_no_catalogo(
        "SELECT delta, motivo FROM movimentos_estoque WHERE pedido_id = :p ORDER BY id", p=atrasado
    ) == [(-3, "reserva"), (3, "liberacao"), (-3, "venda")]
    assert [
        t
        for (t,) in saga.ler_no_catalogo(
            "SELECT event_type FROM outbox WHERE aggregate_id = :p ORDER BY id", p=atrasado
        )
    ] == ["EstoqueReservado", "EstoqueLiberado", "EstoqueVendido"]
