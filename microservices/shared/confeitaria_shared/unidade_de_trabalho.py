"""The unit of work: the one owner of a use case's transaction, for the API and the workers alike.

A use case changes aggregates through the repositories its unit of work holds, then calls
`commit()` once; leaving the `with` block without it undoes everything. Each service declares its
unit (with its repositories) on this base; `unidade_sql.UnidadeSql` is the real one, and the
service-layer tests use in-memory fakes of the same shape. No store is imported here: the use
cases that depend on this module stay free of SQLAlchemy.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from types import TracebackType
from typing import Self


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
