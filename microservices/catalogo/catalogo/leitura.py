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


@dataclass
class Leitor:
    """Opens read sessions on the primary, falling back to the replica when the primary fails to connect."""

    primario: sa.Engine
    replica: sa.Engine | None = None
    pausa_s: float = 5.0
    falha_lenta_s: float = 0.5
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
        """Run a read; `session.info["replica"]` says whether it reads the standby.

        A primary lost in the middle of the read (stopped, restarted) answers from the replica
        instead of failing the request.
        """
        conexao, da_replica = self._conectar()
        try:
            return self._executar(conexao, da_replica, consulta)
        except (OperationalError, InterfaceError):
            if da_replica or self.replica is None:
                raise
            log.warning("primary database lost during a read: reading it again from the replica")
            return self._executar(self.replica.connect(), True, consulta)

    @staticmethod
    def _executar(conexao: sa.Connection, da_replica: bool, consulta: Callable[[Session], T]) -> T:
        try:
            with Session(bind=conexao) as session:
                session.info["replica"] = da_replica
                return consulta(session)
        finally:
            conexao.close()
