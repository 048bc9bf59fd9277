"""Cart service: shopping sessions kept in Redis."""

from __future__ import annotations

from flask import Flask

from confeitaria_shared.health import redis_check
from confeitaria_shared.stores import redis_client
from confeitaria_shared.web import install_plumbing

from .api import api
from .config import CarrinhoSettings
from .sessoes import RepositorioDeSessoes


def create_app(settings: CarrinhoSettings | None = None) -> Flask:
    """Build the cart app on its Redis."""
    settings = settings or CarrinhoSettings.from_env()
    app = Flask(__name__)
    cart_redis = redis_client(settings.redis_url)
    app.extensions["sessoes"] = RepositorioDeSessoes(cart_redis, settings.ttl_s)
    install_plumbing(app, "carrinho", {"redis": redis_check(cart_redis)})
    app.register_blueprint(api)
    return app
