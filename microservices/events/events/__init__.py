"""Events service: the permanent store of every domain event, and views of the event flow."""

from __future__ import annotations

from flask import Flask

from confeitaria_shared.config import env_str
from confeitaria_shared.health import database_check
from confeitaria_shared.web import install_plumbing

from .api import api
from .extensions import db


def create_app(database_url: str | None = None) -> Flask:
    """Build the events app on its database."""
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url or env_str("DATABASE_URL")
    db.init_app(app)
    with app.app_context():
        checks = {"database": database_check(db.engine)}
    install_plumbing(app, "events", checks, rollback=db.session.rollback)
    app.register_blueprint(api)
    return app
