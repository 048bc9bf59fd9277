"""The admin panel at /admin: server-rendered pages over the event store, the stream and the read models."""

from __future__ import annotations

import hashlib
import hmac
import logging
from functools import wraps
from typing import Any, ParamSpec, TypeVar

import requests
import sqlalchemy as sa
from flask import Blueprint, current_app, g, redirect, render_template, request, url_for
from pydantic import ValidationError
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

import redis
from confeitaria_shared.auth import PROPOSITO_CSRF, autenticador, chave_derivada, so_staff
from confeitaria_shared.errors import ApiError
from confeitaria_shared.faults import SERVICOS
from confeitaria_shared.faults import ler as ler_falhas
from confeitaria_shared.segredos import PRODUCAO, modo

from . import consultas, mortos
from .acesso import CAMINHOS_DO_COOKIE, COOKIE
from .estatisticas import saude_do_stream
from .extensions import db
from .models import PedidoProjetado
from .schemas import CartaPath, EventosQuery

log = logging.getLogger(__name__)
painel = Blueprint("painel", __name__, url_prefix="/admin")
P = ParamSpec("P")
R = TypeVar("R")


def _csrf(token: str) -> str:
    # Bound to the login token: a form posted from another site cannot know it.
    chave = chave_derivada(autenticador().settings.secret, PROPOSITO_CSRF)
    return hmac.new(chave, token.encode(), hashlib.sha256).hexdigest()


def staff_logado(view: Any) -> Any:
    """Send visitors without a valid staff cookie to the login page; check the CSRF field on POST."""

    @wraps(view)
    def protegida(*args: Any, **kwargs: Any) -> Any:
        token = request.cookies.get(COOKIE, "")
        try:
            claims = autenticador().verificar(token) if token else None
            if claims is not None:
                so_staff(claims)
        except ApiError:
            claims = None
        if not claims:
            return redirect(url_for("painel.login", proximo=request.path))
        enviado = request.form.get("csrf", "").encode()
        if request.method == "POST" and not hmac.compare_digest(enviado, _csrf(token).encode()):
            return _pagina("erro.html", 403, mensagem="Formulário expirado; recarregue a página.")
        g.csrf, g.claims_do_painel = _csrf(token), claims
        return view(*args, **kwargs)

    return protegida


def _pagina(template: str, status: int = 200, **contexto: Any) -> tuple[str, int]:
    return render_template(f"admin/{template}", **contexto), status


def _sessao() -> Session:
    session: Session = db.session()
    return session


@painel.get("/login")
def login() -> tuple[str, int]:
    """The staff login form."""
    return _pagina("login.html", proximo=_proximo())


def _proximo() -> str:
    proximo = request.values.get("proximo", "")
    # Only paths of the panel itself: never an open redirect to another site.
    return proximo if proximo.startswith("/admin") and "//" not in proximo else "/admin"


@painel.post("/login")
def entrar() -> Response | tuple[str, int]:
    """Check the staff credentials and keep the token in an HttpOnly cookie."""
    try:
        token = autenticador().login_staff(request.form.get("usuario", ""), request.form.get("senha", ""))
    except ApiError as erro:
        return _pagina("login.html", erro.status, erro=erro.message, proximo=_proximo())
    resposta = redirect(_proximo())
    for caminho in CAMINHOS_DO_COOKIE:
        resposta.set_cookie(
            COOKIE,
            token["token"],
            max_age=autenticador().settings.token_ttl_s,
            httponly=True,
            samesite="Strict",
            # In production the gateway is behind TLS (docs/SEGURANCA.md): the cookie never goes out in clear.
            secure=modo() == PRODUCAO,
            path=caminho,
        )
    return resposta


@painel.post("/sair")
@staff_logado
def sair() -> Response:
    """End the login: its token is revoked everywhere, not only forgotten by this browser."""
    autenticador().revogar(g.claims_do_painel)
    resposta = redirect(url_for("painel.login"))
    for caminho in CAMINHOS_DO_COOKIE:
        resposta.delete_cookie(COOKIE, path=caminho)
    return resposta


@painel.get("")
@staff_logado
def eventos() -> tuple[str, int]:
    """The stored events, filterable, and the live feed."""
    filtros = {
        k: v
        for k, v in request.args.items()
        if k in ("tipo", "agregado_tipo", "agregado_id", "correlation_id") and v
    }
    try:
        consulta = EventosQuery.model_validate({**filtros, "limite": 50})
    except ValidationError as erro:
        mensagens = "; ".join(f"{e['loc'][0]}: {e['msg']}" for e in erro.errors())
        return _pagina("eventos.html", 400, eventos=[], filtros=filtros, erro=f"Filtro inválido: {mensagens}")
    lista, _ = consultas.listar(_sessao(), consulta)
    return _pagina("eventos.html", eventos=lista, filtros=filtros)


@painel.get("/grupos")
@staff_logado
def grupos() -> tuple[str, int]:
    """The shared stream and its consumer groups: pending, lag, consumers."""
    settings = current_app.extensions["stream_settings"]
    try:
        saude = saude_do_stream(current_app.extensions["bus"], settings.stream, settings.dead_letter_stream)
    except redis.RedisError:
        return _pagina("grupos.html", 503, saude=None, erro="O barramento de eventos não responde agora.")
    bus = current_app.extensions["bus"]
    falhas = {servico: ler_falhas(bus, servico) for servico in SERVICOS}
    return _pagina("grupos.html", saude=saude, falhas=falhas)


@painel.get("/dlq")
@staff_logado
def dlq() -> tuple[str, int]:
    """The dead letters with a reprocess button, and the reprocessings so far."""
    settings, bus = current_app.extensions["stream_settings"], current_app.extensions["bus"]
    try:
        cartas, total = mortos.listar(bus, settings, 100)
        historico = mortos.historico(_sessao(), bus, settings, 20)
    except redis.RedisError:
        return _pagina(
            "dlq.html", 503, cartas=[], total=0, historico=[], erro="O barramento não responde agora."
        )
    return _pagina(
        "dlq.html", cartas=cartas, total=total, historico=historico, aviso=request.args.get("aviso")
    )


@painel.post("/dlq/<dlq_id>/reprocessar")
@staff_logado
def reprocessar(dlq_id: str) -> Response | tuple[str, int]:
    """Send one dead letter back to the stream."""
    try:
        CartaPath(dlq_id=dlq_id)
    except ValidationError:
        return _pagina("erro.html", 400, mensagem=f"Id de dead letter inválido: {dlq_id[:40]}.")
    settings, bus = current_app.extensions["stream_settings"], current_app.extensions["bus"]
    try:
        registro = mortos.reprocessar(_sessao(), bus, settings, dlq_id, g.usuario)
    except ApiError as erro:
        return _pagina("erro.html", erro.status, mensagem=erro.message)
    return redirect(url_for("painel.dlq", aviso=f"Carta {dlq_id} reenviada como {registro['novo_id']}."))


@painel.post("/dlq/reprocessar")
@staff_logado
def reprocessar_todas() -> Response:
    """Send every dead letter back to the stream."""
    settings, bus = current_app.extensions["stream_settings"], current_app.extensions["bus"]
    registros = mortos.reprocessar_todas(_sessao(), bus, settings, g.usuario)
    return redirect(url_for("painel.dlq", aviso=f"{len(registros)} cartas reenviadas."))


def _produtos() -> tuple[list[dict[str, Any]], int, str | None]:
    url = current_app.config["CATALOGO_URL"]
    try:
        resposta = requests.get(
            f"{url}/api/produtos", params={"por_pagina": "100", "ordenar": "nome"}, timeout=3
        )
        resposta.raise_for_status()
        corpo = resposta.json()
    except (requests.RequestException, ValueError):
        log.warning("catalog unreachable from the admin panel", exc_info=True)
        return [], 0, "O catálogo não responde agora."
    return corpo["data"], int(corpo["total"]), None


@painel.get("/modelos")
@staff_logado
def modelos() -> tuple[str, int]:
    """The read models: products with their stock (catalog), orders with their status (projection)."""
    produtos, total_produtos, erro_catalogo = _produtos()
    session = _sessao()
    pedidos = session.execute(
        sa.select(PedidoProjetado).order_by(PedidoProjetado.atualizado_em.desc()).limit(50)
    ).scalars()
    por_status = session.execute(
        sa.select(PedidoProjetado.status, sa.func.count()).group_by(PedidoProjetado.status)
    ).all()
    return _pagina(
        "modelos.html",
        produtos=produtos,
        total_produtos=total_produtos,
        erro_catalogo=erro_catalogo,
        pedidos=list(pedidos),
        por_status=sorted((status, n) for status, n in por_status),
    )
