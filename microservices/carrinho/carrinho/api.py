"""Cart endpoints: open a session, read a cart."""

from __future__ import annotations

from flask import Blueprint, Response, current_app

from confeitaria_shared.responses import ok

from .sessoes import RepositorioDeSessoes

api = Blueprint("carrinho", __name__, url_prefix="/api/carrinho")


def _sessoes() -> RepositorioDeSessoes:
    repositorio: RepositorioDeSessoes = current_app.extensions["sessoes"]
    return repositorio


@api.post("/sessao")
def criar_sessao() -> tuple[Response, int]:
    """Open a new cart session."""
    return ok(_sessoes().criar(), status=201)


@api.get("/<session_id>")
def obter_carrinho(session_id: str) -> tuple[Response, int]:
    """Read a cart (renewing its session)."""
    expira_em = _sessoes().renovar(session_id)
    vazio = {"session_id": session_id, "itens": [], "total": 0, "quantidade_itens": 0}
    return ok({**vazio, "expira_em": expira_em})
