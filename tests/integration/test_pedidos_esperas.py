"""Checkouts waiting for a final state (`Prefer: wait`) on a real PostgreSQL's LISTEN/NOTIFY."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from pedidos.adaptadores import esperas as modulo
from pedidos.adaptadores.esperas import Esperas
from tests.support.eventually import eventually

CANAL = "pedido_final_teste"


@pytest.fixture
def esperas(engine: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Esperas]:
    # Long enough that only a notification can wake a waiter within the test.
    monkeypatch.setattr(modulo, "OLHAR_COM_AVISOS_S", 60.0)
    esperas = Esperas(engine, CANAL)
    yield esperas
    esperas.parar()


def _avisar(engine: sa.Engine, pedido_id: str) -> None:
    with engine.begin() as conexao:
        conexao.execute(sa.select(sa.func.pg_notify(CANAL, pedido_id)))


class Espera:
    """A checkout waiting in a thread, counting how often it looks at its order."""

    def __init__(self, esperas: Esperas, pedido_id: str) -> None:
        self.final = threading.Event()
        self.olhadas = 0
        self.thread = threading.Thread(target=esperas.esperar, args=(pedido_id, 30.0, self._terminou))
        self.thread.start()

    def _terminou(self) -> bool:
        self.olhadas += 1
        return self.final.is_set()


def test_a_waiting_checkout_returns_when_its_orders_notification_arrives(
    esperas: Esperas, engine: sa.Engine
) -> None:
    espera = Espera(esperas, "pedido-a")
    eventually(lambda: esperas.ouvindo)

    espera.final.set()
    _avisar(engine, "pedido-a")

    espera.thread.join(timeout=10)
    assert not espera.thread.is_alive()
    assert espera.olhadas == 2


def test_other_orders_notifications_do_not_wake_a_waiting_checkout(
    esperas: Esperas, engine: sa.Engine
) -> None:
    espera = Espera(esperas, "pedido-a")
    outra = Espera(esperas, "pedido-b")
    eventually(lambda: esperas.ouvindo)
    for _ in range(20):
        _avisar(engine, "pedido-c")
    outra.final.set()
    _avisar(engine, "pedido-b")
    outra.thread.join(timeout=10)

    espera.final.set()
    _avisar(engine, "pedido-a")
    espera.thread.join(timeout=10)

    assert (espera.olhadas, outra.olhadas) == (2, 2)
