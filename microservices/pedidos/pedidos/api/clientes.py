"""Customer accounts: sign-up, login, the account and its orders."""

from __future__ import annotations

from flask import Response
from flask_openapi3 import APIBlueprint, Tag

from confeitaria_shared.auth import autenticador, exigir_cliente
from confeitaria_shared.openapi import BEARER
from confeitaria_shared.responses import ok

from ..adaptadores import consultas
from ..adaptadores.contas import SenhasWerkzeug
from ..schemas import ClienteNovo, LoginCliente, PaginaQuery
from ..servicos import contas
from . import sessao, unidade

api = APIBlueprint("clientes", __name__, url_prefix="/api/clientes", abp_tags=[Tag(name="clientes")])


@api.post("")
def cadastrar(body: ClienteNovo) -> tuple[Response, int]:
    """Sign up with name, e-mail and password (10+ characters): answers the account and its token."""
    with unidade() as uow:
        conta = contas.cadastrar(
            uow, autenticador(), SenhasWerkzeug(), body.nome, str(body.email), body.senha, body.telefone
        )
    return ok(conta, status=201)


@api.post("/login")
def entrar(body: LoginCliente) -> tuple[Response, int]:
    """Log a customer in: a Bearer token (audience cliente) for their carts and orders."""
    with unidade() as uow:
        return ok(contas.entrar(uow, autenticador(), SenhasWerkzeug(), str(body.email), body.senha))


@api.get("/eu", security=BEARER)
def eu() -> tuple[Response, int]:
    """The logged-in customer's account."""
    cliente_id = exigir_cliente()
    with unidade() as uow:
        return ok(contas.perfil(uow, cliente_id))


@api.get("/eu/pedidos", security=BEARER)
def meus_pedidos(query: PaginaQuery) -> tuple[Response, int]:
    """The logged-in customer's orders, newest first."""
    cliente_id = exigir_cliente()
    pedidos, total = consultas.pedidos_do_cliente(sessao(), cliente_id, query.pagina, query.por_pagina)
    return ok(pedidos, total=total, pagina=query.pagina, por_pagina=query.por_pagina)
