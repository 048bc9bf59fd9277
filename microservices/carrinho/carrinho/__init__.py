"""Cart service: shopping sessions kept in Redis."""

from __future__ import annotations

from flask import Flask

from confeitaria_shared.auth import install_auth
from confeitaria_shared.health import redis_check
from confeitaria_shared.openapi import create_openapi_app
from confeitaria_shared.stores import redis_client
from confeitaria_shared.web import install_plumbing

from .api import api
from .carrinhos import Carrinhos
from .catalogo import ClienteCatalogo
from .checkout import Checkout
from .config import CarrinhoSettings


def create_app(settings: CarrinhoSettings | None = None) -> Flask:
    """Build the cart app on its Redis."""
    settings = settings or CarrinhoSettings.from_env()
    app = create_openapi_app(__name__, "Confeitaria — carrinho")
    cart_redis = redis_client(settings.redis)
    app.extensions["carrinhos"] = Carrinhos(
        cart_redis, settings.ttl_s, settings.max_linhas, settings.max_quantidade
    )
    app.extensions["catalogo"] = ClienteCatalogo(settings.catalogo_urls)
    install_plumbing(app, "carrinho", {"redis": redis_check(cart_redis)})
    install_auth(app)
    app.extensions["checkout"] = Checkout(
        cart_redis, settings.pedidos_url, settings.ttl_s, app.extensions["autenticador"]
    )
    app.register_api(api)
    return app
