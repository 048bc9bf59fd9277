"""The admin panel at /admin: server-rendered pages over the event store, the stream and the read models."""

from __future__ import annotations

import hashlib
import hmac
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for
from pydantic import ValidationError
from werkzeug.wrappers import Response

import redis
from confeitaria_shared.auth import PROPOSITO_CSRF, autenticador, chave_derivada, so_staff
from confeitaria_shared.dominio import DominioError
from confeitaria_shared.errors import ApiError, status_do_erro
from confeitaria_shared.extensoes import extensao
from confeitaria_shared.faults import SERVICOS
from confeitaria_shared.faults import ler as ler_falhas
from confeitaria_shared.segredos import PRODUCAO, modo

from .acesso import CAMINHOS_DO_COOKIE, COOKIE
from .adaptadores.barramento import CartasNoRedis, MonitorNoRedis
from .adaptadores.catalogo import produtos_do_catalogo
from .adaptadores.unidade import UnidadeSqlDeEventos
from .extensions import db
from .schemas import CartaPath, EventosQuery
from .servicos import cartas as servico_de_cartas
from .servicos import consultas
from .servicos.estatisticas import saude_do_stream

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


def _unidade() -> UnidadeSqlDeEventos:
    return UnidadeSqlDeEventos(db.session)


def _cartas() -> CartasNoRedis:
    return extensao("cartas_mortas", CartasNoRedis)


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
    with _unidade() as uow:
        lista, _ = consultas.listar_eventos(uow, consulta.filtro(), consulta.limite)
    return _pagina("eventos.html", eventos=lista, filtros=filtros)


@painel.get("/grupos")
@staff_logado
def grupos() -> tuple[str, int]:
    """The shared stream and its consumer groups: pending, lag, consumers."""
    try:
        saude = saude_do_stream(extensao("monitor_do_stream", MonitorNoRedis))
    except redis.RedisError:
        return _pagina("grupos.html", 503, saude=None, erro="O barramento de eventos não responde agora.")
    bus = current_app.extensions["bus"]
    falhas = {servico: ler_falhas(bus, servico) for servico in SERVICOS}
    return _pagina("grupos.html", saude=saude, falhas=falhas)


@painel.get("/dlq")
@staff_logado
def dlq() -> tuple[str, int]:
    """The dead letters with a reprocess button, and the reprocessings so far."""
    try:
        with _unidade() as uow:
            cartas, total = servico_de_cartas.listar_cartas(_cartas(), 100)
            historico = servico_de_cartas.historico(uow, _cartas(), 20)
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
    try:
        with _unidade() as uow:
            registro = servico_de_cartas.reprocessar_carta(uow, _cartas(), dlq_id, g.usuario)
    except DominioError as erro:
        return _pagina("erro.html", status_do_erro(erro), mensagem=erro.mensagem)
    return redirect(url_for("painel.dlq", aviso=f"Carta {dlq_id} reenviada como {registro['novo_id']}."))


@painel.post("/dlq/reprocessar")
@staff_logado
def reprocessar_todas() -> Response:
    """Send every dead letter back to the stream."""
    with _unidade() as uow:
        registros = servico_de_cartas.reprocessar_todas(uow, _cartas(), g.usuario)
    return redirect(url_for("painel.dlq", aviso=f"{len(registros)} cartas reenviadas."))


@painel.get("/modelos")
@staff_logado
def modelos() -> tuple[str, int]:
    """The read models: products with their stock (catalog), orders with their status (projection)."""
    produtos, total_produtos, erro_catalogo = produtos_do_catalogo(current_app.config["CATALOGO_URL"])
    with _unidade() as uow:
        pedidos, por_status = consultas.pedidos_projetados(uow, 50)
    return _pagina(
        "modelos.html",
        produtos=produtos,
        total_produtos=total_produtos,
        erro_catalogo=erro_catalogo,
        pedidos=pedidos,
        por_status=por_status,
    )
