"""The unit of work: the one owner of a use case's transaction, for the API and the workers alike.

A use case changes aggregates through the repositories its unit of work holds, then calls
`commit()` once; leaving the `with` block without it undoes everything. Each service subclasses
`UnidadeSql` to add its repositories; the service-layer tests use in-memory fakes of the same shape.

In a worker the inbox already holds a transaction (its claim of the event must commit with the
handler's writes), so it lends that session: a lent unit's `commit()` only flushes, and the
inbox commits the whole batch once (`com_unidade`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from types import TracebackType
from typing import Self, TypeVar

from sqlalchemy.orm import Session

from .envelope import EventEnvelope

U = TypeVar("U", bound="UnidadeSql")


class UnidadeDeTrabalho(ABC):
    """One transaction: commit it once, or leave the block and it is rolled back."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        tipo: type[BaseException] | None,
        erro: BaseException | None,
        rastro: TracebackType | None,
    ) -> None:
        self.rollback()  # after a commit there is nothing left to undo

    @abstractmethod
    def commit(self) -> None:
        """Make the use case's changes durable (and its outbox events with them)."""

    @abstractmethod
    def rollback(self) -> None:
        """Undo whatever was not committed."""


class UnidadeSql(UnidadeDeTrabalho):
    """A unit of work over one SQLAlchemy session: its own (opened here) or lent by the caller."""

    def __init__(self, abrir: Callable[[], Session], emprestada: bool = False, fechar: bool = False) -> None:
        self._abrir = abrir
        self._emprestada = emprestada
        # A session made for this unit alone (a worker's periodic task) is closed with it; the API's
        # request-scoped session is closed by Flask-SQLAlchemy at the request's end instead.
        self._fechar = fechar
        self.session: Session

    @classmethod
    def sobre(cls, session: Session) -> Self:
        """A unit on a session whose transaction the caller owns (a worker's inbox, a periodic task)."""
        return cls(lambda: session, emprestada=True)

    def __enter__(self) -> Self:
        self.session = self._abrir()
        self.ao_abrir(self.session)
        return self

    def __exit__(
        self,
        tipo: type[BaseException] | None,
        erro: BaseException | None,
        rastro: TracebackType | None,
    ) -> None:
        if not self._emprestada:
            super().__exit__(tipo, erro, rastro)
        if self._fechar:
            self.session.close()

    def ao_abrir(self, session: Session) -> None:
        """Build the service's repositories on the session (subclasses)."""

    def commit(self) -> None:
        """Commit; a lent unit flushes instead, and its lender commits."""
        if self._emprestada:
            self.session.flush()
        else:
            self.session.commit()

    def rollback(self) -> None:
        """Roll back an own transaction; a lent one is the lender's to end."""
        if not self._emprestada:
            self.session.rollback()


def com_unidade(
    unidade: Callable[[Session], U], handler: Callable[[EventEnvelope, U], None]
) -> Callable[[EventEnvelope, Session], None]:
    """An inbox handler that runs a use case on a unit lent the inbox's session (`Classe.sobre`)."""

    def aplicar(evento: EventEnvelope, session: Session) -> None:
        with unidade(session) as uow:
            handler(evento, uow)

    return aplicar
