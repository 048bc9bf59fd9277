"""The SQL unit of work: one SQLAlchemy session, opened here or lent by the caller.

In a worker the inbox already holds a transaction (its claim of the event must commit with the
handler's writes), so it lends that session: a lent unit's `commit()` only flushes, and the
inbox commits the whole batch once (`com_unidade`).
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Self, TypeVar

from sqlalchemy.orm import Session

from .envelope import EventEnvelope
from .unidade_de_trabalho import UnidadeDeTrabalho

U = TypeVar("U", bound="UnidadeSql")


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
        try:
            if not self._emprestada:
                super().__exit__(tipo, erro, rastro)
        finally:
            if self._fechar:
                self.session.close()  # even when the rollback failed: the connection goes back to the pool

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
