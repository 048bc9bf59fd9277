"""Catalog service: products, categories and their stock."""

from __future__ import annotations

from functools import partial

from flask import Flask, request

from confeitaria_shared.auth import SAFE_METHODS, install_auth
from confeitaria_shared.auth_api import auth_api
from confeitaria_shared.errors import ApiError
from confeitaria_shared.health import database_check
from confeitaria_shared.openapi import create_openapi_app
from confeitaria_shared.stores import create_reader_engine
from confeitaria_shared.web import install_plumbing

from .adaptadores.leitura import Leitor
from .adaptadores.origem_da_leitura import anotar_leitura, dizer_de_onde_leu
from .api import LEITOR, categorias, estoque, produtos
from .config import CatalogoSettings
from .extensions import db


def create_app(settings: CatalogoSettings | None = None) -> Flask:
    """Build the catalog app; READ_ONLY=true gives the replica's read-only app."""
    settings = settings or CatalogoSettings.from_env()
    app = create_openapi_app(__name__, "Confeitaria — catálogo")
    app.config["SQLALCHEMY_DATABASE_URI"] = settings.database_url
    db.init_app(app)
    # Reads have engines of their own, lighter than the writers' (stores.create_reader_engine).
    primario = create_reader_engine(settings.database_url)
    replica = create_reader_engine(settings.replica_url) if settings.replica_url else None
    ao_ler = partial(anotar_leitura, somente_leitura=settings.read_only)
    app.extensions[LEITOR] = Leitor(primario, replica, ao_ler=ao_ler)
    with app.app_context():
        checks = {"database": database_check(db.engine)}
    informational = {"replica": database_check(replica)} if replica is not None else {}
    service = "catalogo-replica" if settings.read_only else "catalogo"
    install_plumbing(app, service, checks, informational, rollback=db.session.rollback)
    install_auth(app)
    if settings.read_only:
        app.before_request(_recusar_escritas)
    app.after_request(dizer_de_onde_leu)
    for blueprint in (produtos.api, estoque.api, categorias.api, auth_api):
        app.register_api(blueprint)
    return app


def _recusar_escritas() -> None:
    # The replica app reads a hot standby: writes must go to the primary.
    if request.method not in SAFE_METHODS and not request.path.startswith("/api/auth/"):
        raise ApiError(
            503,
            "SOMENTE_LEITURA",
            "Esta instância do catálogo é somente leitura; tente de novo em instantes.",
        )
