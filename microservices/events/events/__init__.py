"""Events service: the permanent store of every domain event, and views of the event flow."""

from __future__ import annotations

from flask import Flask

from confeitaria_shared.auth import install_auth
from confeitaria_shared.config import StreamSettings, env_int, env_secret, env_str
from confeitaria_shared.health import database_check, redis_check
from confeitaria_shared.openapi import BEARER_SCHEME, create_openapi_app
from confeitaria_shared.stores import redis_client
from confeitaria_shared.web import install_plumbing

from .acesso import PAINEL_SCHEME
from .adaptadores.barramento import CartasNoRedis, MonitorNoRedis
from .adaptadores.metricas import ColetorDoStream
from .api import dlq, eventos, falhas
from .extensions import db
from .feed import LimiteDeFeeds
from .painel import painel


def create_app(database_url: str | None = None) -> Flask:
    """Build the events app on its database and the shared bus."""
    app = create_openapi_app(__name__, "Confeitaria — eventos")
    # The live feed also takes the admin panel's login cookie: the document says so.
    app.security_schemes = {**BEARER_SCHEME, **PAINEL_SCHEME}
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url or env_secret("DATABASE_URL")
    app.config["CATALOGO_URL"] = env_str("CATALOGO_URL", "http://catalogo:5000")
    stream = StreamSettings.from_env()
    bus = redis_client(stream.bus)
    app.extensions["stream_settings"] = stream
    app.extensions["bus"] = bus
    # Each open feed holds one of the process's 8 threads: leave half of them to the API.
    app.extensions["limite_de_feeds"] = LimiteDeFeeds(env_int("FEEDS_POR_PROCESSO", 4, minimum=1))
    monitor = MonitorNoRedis(bus, stream.stream, stream.dead_letter_stream)
    app.extensions["monitor_do_stream"] = monitor
    app.extensions["cartas_mortas"] = CartasNoRedis(bus, stream)
    app.extensions["metrics_collectors"] = [ColetorDoStream(monitor)]
    db.init_app(app)
    with app.app_context():
        checks = {"database": database_check(db.engine)}
    install_plumbing(app, "events", checks, {"event_bus": redis_check(bus)}, rollback=db.session.rollback)
    install_auth(app)
    for blueprint in (dlq.api, eventos.api, falhas.api):
        app.register_api(blueprint)
    app.register_blueprint(painel)
    return app
