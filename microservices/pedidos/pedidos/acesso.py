"""Who may see and act on an order: staff, its customer, or whoever holds its access token."""

from __future__ import annotations

from flask import request
from sqlalchemy.orm import Session

from confeitaria_shared.auth import CABECALHO_PEDIDO, autenticador, cliente_logado, e_staff

from .adaptadores.consultas import dono_do_pedido
from .dominio.pedido import PedidoNaoEncontradoError


def exigir_acesso(session: Session, pedido_id: str) -> None:
    """Let the order's owner, its token's holder or staff through; 404 for anyone else."""
    if e_staff():
        return
    token = request.headers.get(CABECALHO_PEDIDO, "")
    if token and autenticador().acesso_valido(pedido_id, token):
        return
    cliente = cliente_logado()
    if cliente is not None and dono_do_pedido(session, pedido_id) == cliente:
        return
    # The same answer as for an order that does not exist: an id reveals nothing to others.
    raise PedidoNaoEncontradoError(pedido_id)
