"""Cart service: shopping sessions kept in Redis."""

from __future__ import annotations

from flask import Flask

from confeitaria_shared.auth import install_auth
from confeitaria_shared.health import redis_check
from confeitaria_shared.openapi import create_openapi_app
from confeitaria_shared.stores import redis_client
from confeitaria_shared.web import install_plumbing

from .adaptadores.catalogo_cliente import ClienteCatalogo
from .adaptadores.pedidos_cliente import ClientePedidos
from .adaptadores.redis_carrinhos import CarrinhosRedis
from .adaptadores.redis_copias import CopiasRedis
from .api import api
from .config import CarrinhoSettings


def create_app(settings: CarrinhoSettings | None = None) -> Flask:
    """Build the cart app on its Redis."""
    settings = settings or CarrinhoSettings.from_env()
    app = create_openapi_app(__name__, "Confeitaria — carrinho")
    cart_redis = redis_client(settings.redis)
    app.extensions["carrinhos"] = CarrinhosRedis(
        cart_redis, settings.ttl_s, settings.max_linhas, settings.max_quantidade
    )
    app.extensions["copias"] = CopiasRedis(cart_redis)
    app.extensions["catalogo"] = ClienteCatalogo(settings.catalogo_urls)
    install_plumbing(app, "carrinho", {"redis": redis_check(cart_redis)})
    install_auth(app)
    app.extensions["pedidos"] = ClientePedidos(settings.pedidos_url, app.extensions["autenticador"])
    app.register_api(api)
    return app
