"""Fault toggles over HTTP: everyone sees them, staff switch them (per service, at runtime)."""

from __future__ import annotations

from flask import Response, current_app
from flask_openapi3 import APIBlueprint, Tag

from confeitaria_shared.auth import staff_para_escritas
from confeitaria_shared.faults import SERVICOS, Falhas, gravar, ler
from confeitaria_shared.openapi import STAFF_ONLY
from confeitaria_shared.responses import ok

from ..schemas import FalhasNovas, ServicoPath

api = APIBlueprint("falhas", __name__, url_prefix="/api/falhas", abp_tags=[Tag(name="fault toggles")])
# Switching faults on is a drill's tool: staff only, checked before the body is (401 before 422).
staff_para_escritas(api)


@api.get("")
def listar_falhas() -> tuple[Response, int]:
    """Every service's toggles (all off by default)."""
    bus = current_app.extensions["bus"]
    return ok({servico: ler(bus, servico).to_dict() for servico in SERVICOS})


@api.put("/<servico>", security=STAFF_ONLY)
def definir_falhas(path: ServicoPath, body: FalhasNovas) -> tuple[Response, int]:
    """Set a service's toggles; its processes apply them within a second."""
    falhas = Falhas(body.taxa_erro, body.latencia_ms, body.readiness_falha)
    gravar(current_app.extensions["bus"], path.servico, falhas)
    return ok({"servico": path.servico, **falhas.to_dict()})


@api.delete("/<servico>", security=STAFF_ONLY)
def desligar_falhas(path: ServicoPath) -> tuple[Response, int]:
    """Switch every toggle of a service off."""
    gravar(current_app.extensions["bus"], path.servico, Falhas())
    return ok({"servico": path.servico, **Falhas().to_dict()})
