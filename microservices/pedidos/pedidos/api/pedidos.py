"""Order endpoints: checkout (idempotent), reading, cancelling, delivery changes, staff steps."""

from __future__ import annotations

import hashlib
import re

from flask import Response, request
from flask_openapi3 import APIBlueprint, Tag
from pydantic_core import to_json
from sqlalchemy.exc import InterfaceError, OperationalError

from confeitaria_shared.auth import autenticador, cliente_logado, exigir_staff
from confeitaria_shared.contratos.status import FINAIS_DO_CHECKOUT, PENDENTE
from confeitaria_shared.errors import ApiError
from confeitaria_shared.openapi import STAFF_ONLY
from confeitaria_shared.prefer import espera_pedida
from confeitaria_shared.responses import ok

from ..acesso import exigir_acesso
from ..adaptadores import consultas
from ..schemas import EntregaAlteracao, PedidoNovo, PedidoPath, PedidosQuery, StatusAlteracao
from ..servicos import pedidos as servicos
from . import catalogo, esperas, provedor, sessao, unidade

api = APIBlueprint("pedidos", __name__, url_prefix="/api", abp_tags=[Tag(name="pedidos")])

_CHAVE = re.compile(r"^[A-Za-z0-9._:-]{1,200}$")
ESPERA_MAX_S = 30


def _idempotency_key() -> str:
    chave = request.headers.get("Idempotency-Key", "").strip()
    if not chave:
        raise ApiError(
            400, "IDEMPOTENCY_KEY_OBRIGATORIA", "Envie o cabeçalho Idempotency-Key (por exemplo, um UUID)."
        )
    if not _CHAVE.match(chave):
        raise ApiError(400, "IDEMPOTENCY_KEY_INVALIDA", "Idempotency-Key: até 200 letras, números, . _ : -")
    return chave


def _espera_pedida() -> float:
    return float(espera_pedida(request.headers.get("Prefer"), ESPERA_MAX_S) or 0)


def _corpo_hash(body: PedidoNovo) -> str:
    # Items first, as the body's fields were ordered before PedidoNovo extended the checkout data:
    # a key retried across that change still matches the order it made.
    campos = ("itens", "cliente", "entrega", "pagamento")
    return hashlib.sha256(to_json({campo: getattr(body, campo) for campo in campos})).hexdigest()


def _dados_do_pedido(body: PedidoNovo, cliente_id: str | None) -> dict[str, object]:
    pagamento: dict[str, object] = {"metodo": body.pagamento.metodo}
    if body.pagamento.numero_cartao:
        pagamento["cartao_final"] = body.pagamento.numero_cartao[-4:]  # never the whole number
    return {
        "itens": [item.model_dump() for item in body.itens],
        # The account the order belongs to; None for a guest, who gets the order's access token.
        "cliente_id": cliente_id,
        "cliente": body.cliente.model_dump(mode="json"),
        "entrega": body.entrega.model_dump(exclude_none=True),
        "pagamento": pagamento,
    }


@api.post("/pedidos")
def criar_pedido(body: PedidoNovo) -> tuple[Response, int]:
    """Checkout (a customer's with their token, else a guest's, answered with `token_de_acesso`).

    202 with the order PENDENTE; `Prefer: wait=N` waits up to N s for its final state.
    """
    chave = _idempotency_key()
    cliente_id = cliente_logado()
    corpo_hash = _corpo_hash(body)
    dados = _dados_do_pedido(body, cliente_id)
    with unidade() as uow:
        pedido_id, criado = servicos.criar_pedido(uow, catalogo(), dados, chave, corpo_hash, cliente_id)
    acesso = {} if cliente_id else {"token_de_acesso": autenticador().acesso_do_pedido(pedido_id)}
    try:
        with unidade():  # on the way out, its rollback ends the read (and one the database broke off)
            if (espera := _espera_pedida()) > 0:
                esperas().esperar_final(pedido_id, espera)
            pedido = consultas.obter_pedido(sessao(), pedido_id)
    except (OperationalError, InterfaceError):
        if not criado:
            raise
        # The order is committed: the database failing right after must not make it look refused.
        return ok({"id": pedido_id, "status": PENDENTE, **acesso}, status=202)
    return ok({**pedido, **acesso}, status=200 if pedido["status"] in FINAIS_DO_CHECKOUT else 202)


@api.get("/pedidos/<pedido_id>")
def obter_pedido(path: PedidoPath) -> tuple[Response, int]:
    """An order with items, totals, status, status history and transações (owner, token or staff)."""
    exigir_acesso(sessao(), path.pedido_id)
    return ok(consultas.obter_pedido(sessao(), path.pedido_id))


@api.get("/pedidos/<pedido_id>/eventos")
def eventos_do_pedido(path: PedidoPath) -> tuple[Response, int]:
    """The order's own events, oldest first: the source of its state (owner, token or staff)."""
    exigir_acesso(sessao(), path.pedido_id)
    eventos = consultas.eventos_do_pedido(sessao(), path.pedido_id)
    return ok(eventos, total=len(eventos))


@api.get("/pedidos/<pedido_id>/transacoes")
def transacoes_do_pedido(path: PedidoPath) -> tuple[Response, int]:
    """The order's payment attempts and refunds (owner, token or staff)."""
    exigir_acesso(sessao(), path.pedido_id)
    consultas.obter_pedido(sessao(), path.pedido_id)
    transacoes = consultas.transacoes_do_pedido(sessao(), path.pedido_id)
    return ok(transacoes, total=len(transacoes))


@api.post("/pedidos/<pedido_id>/cancelar")
def cancelar_pedido(path: PedidoPath) -> tuple[Response, int]:
    """The customer cancels (until preparation starts): stock released, payment refunded."""
    exigir_acesso(sessao(), path.pedido_id)
    with unidade() as uow:
        return ok(servicos.cancelar_pelo_cliente(uow, path.pedido_id, provedor()))


@api.put("/pedidos/<pedido_id>")
def alterar_entrega(path: PedidoPath, body: EntregaAlteracao) -> tuple[Response, int]:
    """Change the delivery data while the order has not left (owner, token or staff)."""
    exigir_acesso(sessao(), path.pedido_id)
    entrega = body.entrega.model_dump(exclude_none=True)
    with unidade() as uow:
        return ok(servicos.alterar_entrega(uow, path.pedido_id, entrega))


@api.post("/pedidos/<pedido_id>/status", security=STAFF_ONLY)
def avancar_status(path: PedidoPath, body: StatusAlteracao) -> tuple[Response, int]:
    """Staff: EM_PREPARO → SAIU_PARA_ENTREGA → ENTREGUE, each from the one before."""
    exigir_staff()
    with unidade() as uow:
        return ok(servicos.avancar_status(uow, path.pedido_id, body.status))


@api.get("/pedidos", security=STAFF_ONLY)
def listar_pedidos(query: PedidosQuery) -> tuple[Response, int]:
    """Staff: orders filtered by status, e-mail and period, newest first."""
    exigir_staff()
    pedidos, total = consultas.listar_pedidos(sessao(), query)
    return ok(pedidos, total=total, pagina=query.pagina, por_pagina=query.por_pagina)
