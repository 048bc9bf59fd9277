"""Checkout: the cart becomes one order in the orders service, whatever the retries."""

from __future__ import annotations

import logging
from typing import Any

from confeitaria_shared.envelope import EventEnvelope
from confeitaria_shared.prefer import espera_pedida

from ..dominio import eventos
from ..dominio.desfecho import Desfecho, Fechamento, desfecho_do_status
from ..dominio.erros import CarrinhoVazioError
from .portas import AcessosDePedidos, Carrinhos, Pedidos

log = logging.getLogger(__name__)

ESPERA_MAX_S = 10


def espera_limitada(prefer: str | None) -> str | None:
    """The Prefer header passed on, its wait cut to what the cart itself waits for the answer."""
    espera = espera_pedida(prefer, ESPERA_MAX_S)
    return None if espera is None else f"wait={espera}"


def finalizar_compra(
    carrinhos: Carrinhos,
    pedidos: Pedidos,
    acessos: AcessosDePedidos,
    session_id: str,
    quem: str,
    cliente_logado: str | None,
    dados: dict[str, Any],
    prefer: str | None,
    autorizacao: str | None,
) -> tuple[dict[str, Any], int]:
    """Create the order (or find the one this checkout already created), close the cart; 202 while pending.

    A customer's cart makes their order, placed with their `autorizacao`; a guest's cart a guest's
    order, whoever calls, answered with its access token.
    """
    carrinho = carrinhos.ler(session_id, quem)
    carrinho.exigir_dono_para_checkout(cliente_logado)
    autorizacao = autorizacao if carrinho.cliente_id else None
    # A retried checkout of a cart that already became an order answers that order.
    anterior = carrinho.pedido_anterior()
    if anterior:
        return _com_acesso(acessos, pedidos.pedido(anterior), autorizacao), 200
    itens = carrinho.itens_a_comprar()
    if not itens:
        raise CarrinhoVazioError()
    corpo = {**dados, "itens": itens}
    pedido = pedidos.criar(corpo, carrinho.chave_do_checkout(), espera_limitada(prefer), autorizacao)
    pedido_id = str(pedido["id"])
    # The lines the order bought: its own, or the ones sent when only its id came back.
    comprados = [(int(i["produto_id"]), int(i["quantidade"])) for i in pedido.get("itens") or itens]
    evento = eventos.checkout_realizado(session_id, pedido_id)
    if carrinhos.fechar(session_id, pedido_id, comprados, carrinho.checkouts, evento) is Fechamento.RECUSADO:
        # Cannot happen with one key per checkout; if it does, the order stands and is answered.
        log.error("cart closed with another order", extra={"pedido_id": pedido_id})
    # The order may have reached its fate before the cart was closed (the worker then found
    # no cart to empty): look once more and conclude here; concluding twice changes nothing.
    final = pedido if desfecho_do_status(pedido["status"]) else pedidos.pedido(pedido_id)
    desfecho = desfecho_do_status(final["status"])
    if desfecho is not None:
        concluir(carrinhos, pedido_id, desfecho)
    return _com_acesso(acessos, final, autorizacao), 200 if desfecho is not None else 202


def concluir(
    carrinhos: Carrinhos, pedido_id: str, desfecho: Desfecho, causa: EventEnvelope | None = None
) -> bool:
    """After the order's fate, empty its cart (confirmed) or reopen it as it was (cancelled)."""
    session_id = carrinhos.carrinho_do_pedido(pedido_id)
    if not session_id:
        return False
    evento = eventos.concluido(session_id, pedido_id, desfecho, causa)
    return carrinhos.concluir(session_id, pedido_id, desfecho, evento)


def _com_acesso(acessos: AcessosDePedidos, pedido: dict[str, Any], autorizacao: str | None) -> dict[str, Any]:
    # A guest's order is theirs by its access token: the same one on every retry.
    if autorizacao:
        return pedido
    return {**pedido, "token_de_acesso": acessos.acesso_do_pedido(str(pedido["id"]))}
