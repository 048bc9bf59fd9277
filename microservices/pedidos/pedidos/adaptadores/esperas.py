"""Checkouts that wait for their order's final state (`Prefer: wait`), woken by one LISTEN per process."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import psycopg2
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from confeitaria_shared.contratos.status import FINAIS_DO_CHECKOUT
from confeitaria_shared.listen import Listener

from ..models import PedidoLido

log = logging.getLogger(__name__)

# While the LISTEN connection is down (the database restarting) waiters look again this often;
# while it is up they still look once a second, a bound on what a lost notification could cost.
OLHAR_SEM_AVISOS_S = 0.5
OLHAR_COM_AVISOS_S = 1.0


class Esperas:
    """One LISTEN connection per process that wakes only the checkouts of the order it names.

    A connection per waiting checkout, each woken by every order's notification to look at its
    own, held the pool and queried the database once per waiter per order finished.
    """

    def __init__(self, engine: sa.Engine, canal: str) -> None:
        self._engine, self._canal = engine, canal
        self._lock = threading.Lock()
        self._esperando: dict[str, set[threading.Event]] = {}
        self._ouvindo = threading.Event()
        self._ouvinte: threading.Thread | None = None
        self._parar = threading.Event()

    @property
    def ouvindo(self) -> bool:
        """Whether the LISTEN connection is up (notifications wake the waiters)."""
        return self._ouvindo.is_set()

    def esperar(self, pedido_id: str, segundos: float, terminou: Callable[[], bool]) -> None:
        """Return once `terminou()` is true or `segundos` have passed."""
        self._iniciar_ouvinte()
        acordar = threading.Event()
        with self._lock:
            self._esperando.setdefault(pedido_id, set()).add(acordar)
        limite = time.monotonic() + segundos
        try:
            # Registered before the first look: a notification after it wakes us, and a final
            # state committed before it is what the look sees.
            while not terminou():
                resta = limite - time.monotonic()
                if resta <= 0:
                    return
                olhar = OLHAR_COM_AVISOS_S if self._ouvindo.is_set() else OLHAR_SEM_AVISOS_S
                acordar.wait(min(resta, olhar))
                acordar.clear()
        finally:
            with self._lock:
                eventos = self._esperando.get(pedido_id, set())
                eventos.discard(acordar)
                if not eventos:
                    self._esperando.pop(pedido_id, None)

    def esperar_final(self, pedido_id: str, segundos: float) -> None:
        """Return once the order is final (woken by the worker's NOTIFY) or `segundos` have passed."""

        def terminou() -> bool:
            with self._engine.connect() as conexao:
                consulta = sa.select(PedidoLido.status).where(PedidoLido.id == pedido_id)
                status = conexao.execute(consulta).scalar()
            return status in FINAIS_DO_CHECKOUT

        self.esperar(pedido_id, segundos, terminou)

    def parar(self) -> None:
        """Stop listening (within the listener's 5 s look); waiters go on looking by themselves."""
        self._parar.set()

    def _iniciar_ouvinte(self) -> None:
        with self._lock:
            if self._ouvinte is None:
                self._ouvinte = threading.Thread(target=self._ouvir_sempre, name="esperas", daemon=True)
                self._ouvinte.start()

    def _ouvir_sempre(self) -> None:
        while not self._parar.is_set():
            try:
                self._ouvir()
            except (DBAPIError, psycopg2.Error, OSError) as exc:  # a lost database is retried
                log.warning("order notifications lost: retrying", extra={"error": str(exc).splitlines()[0]})
            self._ouvindo.clear()
            self._parar.wait(1.0)

    def _ouvir(self) -> None:
        ouvinte = Listener(self._engine, self._canal)
        try:
            self._ouvindo.set()
            while not self._parar.is_set():
                for pedido_id in ouvinte.wait(5.0):  # raises once the server is gone
                    self._acordar(pedido_id)
        finally:
            ouvinte.close()

    def _acordar(self, pedido_id: str) -> None:
        with self._lock:
            for evento in self._esperando.get(pedido_id, ()):
                evento.set()
