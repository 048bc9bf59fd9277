"""Catalog service: products, categories and their stock."""

from __future__ import annotations

from flask import Flask

from confeitaria_shared.health import database_check
from confeitaria_shared.web import install_plumbing

from .api import api
from .config import CatalogoSettings
from .extensions import db


def create_app(settings: CatalogoSettings | None = None) -> Flask:
    """Build the catalog app; READ_ONLY=true gives the replica's read-only app."""
    settings = settings or CatalogoSettings.from_env()
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = settings.database_url
    app.extensions["catalogo_settings"] = settings
    db.init_app(app)
    with app.app_context():
        checks = {"database": database_check(db.engine)}
    service = "catalogo-replica" if settings.read_only else "catalogo"
    install_plumbing(app, service, checks, rollback=db.session.rollback)
    app.register_blueprint(api)
    return app
