"""What `create_app` hangs on the app (the unit of work's factory, a payment provider, a client), typed."""

from __future__ import annotations

from typing import TypeVar, cast

from flask import current_app

T = TypeVar("T")


def extensao(nome: str, tipo: type[T]) -> T:
    """The current app's extension `nome`, as the type `create_app` stored."""
    return cast(T, current_app.extensions[nome])
