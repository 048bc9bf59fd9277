"""Orders service: event-sourced orders, the checkout saga and payments (transações)."""

from __future__ import annotations

from flask import Flask

from confeitaria_shared.auth import install_auth
from confeitaria_shared.health import database_check
from confeitaria_shared.openapi import create_openapi_app
from confeitaria_shared.stores import create_engine
from confeitaria_shared.web import install_plumbing

from .adaptadores.catalogo_cliente import CatalogoHttp
from .adaptadores.esperas import Esperas
from .adaptadores.pagamentos import ProvedorSimulado
from .adaptadores.repositorio import CANAL_PEDIDO_FINAL
from .api import clientes, pedidos, transacoes
from .config import PedidosSettings
from .extensions import db


def create_app(settings: PedidosSettings | None = None) -> Flask:
    """Build the orders app on its database."""
    settings = settings or PedidosSettings.from_env()
    app = create_openapi_app(__name__, "Confeitaria — pedidos")
    app.config["SQLALCHEMY_DATABASE_URI"] = settings.database_url
    # The provider keeps its own connections, as another system would.
    provedor = ProvedorSimulado(create_engine(settings.database_url), taxa_recusa=settings.taxa_recusa)
    app.extensions["provedor_pagamento"] = provedor
    app.extensions["catalogo"] = CatalogoHttp(settings.catalogo_urls)
    db.init_app(app)
    with app.app_context():
        checks = {"database": database_check(db.engine)}
        app.extensions["esperas"] = Esperas(db.engine, CANAL_PEDIDO_FINAL)
    install_plumbing(app, "pedidos", checks, rollback=db.session.rollback)
    install_auth(app)
    for blueprint in (pedidos.api, transacoes.api, clientes.api):
        app.register_api(blueprint)
    return app
