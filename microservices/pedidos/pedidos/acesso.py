"""Who may see and act on an order: staff, its customer, or whoever holds its access token."""

from __future__ import annotations

import sqlalchemy as sa
from flask import request
from sqlalchemy.orm import Session

from confeitaria_shared.auth import CABECALHO_PEDIDO, autenticador, cliente_logado, e_staff
from confeitaria_shared.errors import ApiError


def _nao_encontrado(pedido_id: str) -> ApiError:
    # The same answer as for an order that does not exist: an id reveals nothing to others.
    return ApiError(404, "PEDIDO_NAO_ENCONTRADO", f"Pedido {pedido_id} não existe.")


def exigir_acesso(session: Session, pedido_id: str) -> None:
    """Let the order's owner, its token's holder or staff through; 404 for anyone else."""
    if e_staff():
        return
    token = request.headers.get(CABECALHO_PEDIDO, "")
    if token and autenticador().acesso_valido(pedido_id, token):
        return
    cliente = cliente_logado()
    if cliente is not None:
        dono = session.execute(
            sa.text("SELECT cliente_id FROM pedidos WHERE id = :id"), {"id": pedido_id}
        ).scalar()
        if dono is not None and str(dono) == cliente:
            return
    raise _nao_encontrado(pedido_id)
