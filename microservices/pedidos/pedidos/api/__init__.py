"""The orders HTTP API."""

from __future__ import annotations

from flask import current_app
from sqlalchemy.orm import Session

from ..config import PedidosSettings
from ..esperas import Esperas
from ..extensions import db
from ..pagamentos import ProvedorDePagamento


def sessao() -> Session:
    """The request's database session."""
    session: Session = db.session()
    return session


def settings() -> PedidosSettings:
    """The app's settings."""
    valor: PedidosSettings = current_app.extensions["pedidos_settings"]
    return valor


def provedor() -> ProvedorDePagamento:
    """The payment provider of this app."""
    valor: ProvedorDePagamento = current_app.extensions["provedor_pagamento"]
    return valor


def esperas() -> Esperas:
    """The app's checkouts waiting for a final state."""
    valor: Esperas = current_app.extensions["esperas"]
    return valor
