"""Where reads go: the primary database, or its streaming standby while the primary is unreachable."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
T = TypeVar("T")
# A read given a connection and whether that connection is the standby's.
NaConexao = Callable[[sa.Connection, bool], T]


@dataclass
class Leitor:
    """Opens reads on the primary, falling back to the replica when the primary fails to connect."""

    primario: sa.Engine
    replica: sa.Engine | None = None
    pausa_s: float = 5.0
    falha_lenta_s: float = 0.5
    # Told of every read and whether the standby answered it (the API says so in a header).
    ao_ler: Callable[[bool], None] | None = None
    _primario_fora_ate: float = 0.0

    def _conectar(self) -> tuple[sa.Connection, bool]:
        if self.replica is not None and time.monotonic() < self._primario_fora_ate:
            return self.replica.connect(), True
        inicio = time.monotonic()
        try:
            return self.primario.connect(), False
        except OperationalError:
            if self.replica is None:
                raise
            # A refused connection or an unknown host fails at once: try the primary again on the
            # next read, so reads return to it (and to read-your-writes) the moment it is back.
            # Only a slow failure (a connect timeout) is worth skipping the primary for a while.
            if time.monotonic() - inicio > self.falha_lenta_s:
                self._primario_fora_ate = time.monotonic() + self.pausa_s
            log.warning("primary database unreachable: reading from the replica")
            return self.replica.connect(), True

    def ler(self, consulta: Callable[[Session], T]) -> T:
        """Run a read in a session; `session.info["replica"]` says whether it reads the standby."""

        def em_sessao(conexao: sa.Connection, da_replica: bool) -> T:
            with Session(bind=conexao) as session:
                session.info["replica"] = da_replica
                return consulta(session)

        return self.ler_na_conexao(em_sessao)

    def linha(self, sql: str, parametros: dict[str, object]) -> sa.RowMapping | None:
        """The first row of a statement written for the driver: no ORM and no SQL compilation.

        For the hottest reads, where building the statement cost as much as the round trip.
        """
        return self.ler_na_conexao(
            lambda conexao, _: conexao.exec_driver_sql(sql, parametros).mappings().first()
        )

    def ler_na_conexao(self, consulta: NaConexao[T]) -> T:
        """Run a read on a connection, told whether it is the standby's.

        A pooled connection that a database restart left dead is dropped and the read tried once
        more on a new one (the engines do not ping before each use). A primary lost in the middle
        of the read (stopped, restarted) answers from the replica instead of failing the request.
        """
        conexao, da_replica = self._conectar()
        try:
            return self._executar(conexao, da_replica, consulta)
        except (OperationalError, InterfaceError) as exc:
            if not exc.connection_invalidated:
                return self._reler_na_replica(exc, da_replica, consulta)
        # A pooled connection that a restart left dead: the pool has now dropped every connection
        # older than it, so one more try gets a live one (or the replica, if the primary is gone).
        conexao, da_replica = self._conectar()
        try:
            return self._executar(conexao, da_replica, consulta)
        except (OperationalError, InterfaceError) as exc:
            return self._reler_na_replica(exc, da_replica, consulta)

    def _reler_na_replica(self, erro: Exception, da_replica: bool, consulta: NaConexao[T]) -> T:
        if da_replica or self.replica is None:
            raise erro
        log.warning("primary database lost during a read: reading it again from the replica")
        return self._executar(self.replica.connect(), True, consulta)

    def _executar(self, conexao: sa.Connection, da_replica: bool, consulta: NaConexao[T]) -> T:
        if self.ao_ler is not None:
            self.ao_ler(da_replica)
        try:
            return consulta(conexao, da_replica)
        finally:
            conexao.close()
