"""The orders HTTP API."""

from __future__ import annotations

from sqlalchemy.orm import Session

from confeitaria_shared.extensoes import extensao

from ..adaptadores.catalogo_cliente import CatalogoHttp
from ..adaptadores.esperas import Esperas
from ..adaptadores.pagamentos import ProvedorSimulado
from ..adaptadores.unidade import UnidadeSqlDePedidos
from ..extensions import db
from ..servicos.portas import Catalogo, ProvedorDePagamento


def sessao() -> Session:
    """The request's database session (the read side's)."""
    session: Session = db.session()
    return session


def unidade() -> UnidadeSqlDePedidos:
    """A unit of work on the request's session: the use case commits it once."""
    return UnidadeSqlDePedidos(sessao)


def provedor() -> ProvedorDePagamento:
    """The payment provider of this app."""
    return extensao("provedor_pagamento", ProvedorSimulado)


def catalogo() -> Catalogo:
    """The catalog's client of this app."""
    return extensao("catalogo", CatalogoHttp)


def esperas() -> Esperas:
    """The app's checkouts waiting for a final state."""
    return extensao("esperas", Esperas)
