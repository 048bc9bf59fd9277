"""The order aggregate: each status only from the one before; late or repeated events change nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from confeitaria_shared.contratos import eventos
from confeitaria_shared.contratos.status import PASSOS_DA_EQUIPE
from confeitaria_shared.dominio import ConflitoError
from pedidos.dominio.pedido import (
    ESTOQUE_EXPIRADO,
    EVENTO_DO_PASSO,
    TRANSICOES,
    EventoDoPedido,
    Pedido,
    TransicaoInvalidaError,
    aplicar,
    reconstruir,
)

CRIADO = (
    "PedidoCriado",
    {
        "itens": [{"produto_id": 1, "quantidade": 2}],
        "cliente": {"email": "a@b.c"},
        "entrega": {},
        "pagamento": {},
    },
    "t1",
)
RESERVADO = (
    "EstoqueReservado",
    {"itens": [{"produto_id": 1, "preco_unitario": "4.50", "nome": "Brigadeiro"}]},
    "t2",
)


def pedido_reservado() -> Pedido:
    return reconstruir("p", [CRIADO, RESERVADO])


def test_a_reservation_prices_the_items_from_the_catalog_exactly() -> None:
    pedido = pedido_reservado()

    assert pedido.total == Decimal("9.00")
    assert pedido.itens[0]["subtotal"] == "9.00"
    assert pedido.versao == 2


def test_an_order_is_confirmed_only_after_it_is_paid() -> None:
    pedido = pedido_reservado()

    assert not pedido.permite("PedidoConfirmado")
    pago = aplicar(pedido, "PagamentoAprovado", {}, "t3")
    assert pago.permite("PedidoConfirmado")
    assert aplicar(pago, "PedidoConfirmado", {}, "t4").status == "CONFIRMADO"


def test_a_second_reservation_answer_is_not_allowed() -> None:
    pedido = pedido_reservado()

    assert not pedido.permite("EstoqueReservado")
    assert not pedido.permite("EstoqueInsuficiente")


def test_a_cancelled_order_cannot_be_paid_confirmed_or_prepared() -> None:
    cancelado = aplicar(pedido_reservado(), "PedidoCancelado", {"motivo": "EXPIRADO"}, "t3")

    for tipo in ("PagamentoAprovado", "PedidoConfirmado", "PedidoEmPreparo", "PedidoCancelado"):
        assert not cancelado.permite(tipo)
    with pytest.raises(TransicaoInvalidaError) as caught:
        cancelado.registrar("PedidoEmPreparo", {}, "t4")
    assert isinstance(caught.value, ConflitoError)
    assert caught.value.codigo == "STATUS_INVALIDO"
    assert caught.value.mensagem == "O pedido está CANCELADO: PedidoEmPreparo não é possível agora."
    assert caught.value.detalhes == {"status_atual": "CANCELADO"}


def test_staff_steps_go_in_order_and_delivery_data_freezes_once_dispatched() -> None:
    pedido = aplicar(aplicar(pedido_reservado(), "PagamentoAprovado", {}, "t3"), "PedidoConfirmado", {}, "t4")

    assert not pedido.permite("PedidoEntregue")
    em_preparo = aplicar(pedido, "PedidoEmPreparo", {}, "t5")
    assert em_preparo.permite("EntregaAlterada")
    assert not em_preparo.permite("PedidoCancelado")
    saiu = aplicar(em_preparo, "PedidoSaiuParaEntrega", {}, "t6")
    assert not saiu.permite("EntregaAlterada")
    assert [h["status"] for h in aplicar(saiu, "PedidoEntregue", {}, "t7").historico] == [
        "PENDENTE",
        "CONFIRMADO",
        "EM_PREPARO",
        "SAIU_PARA_ENTREGA",
        "ENTREGUE",
    ]


def test_only_a_paid_cancelled_order_is_refunded() -> None:
    nao_pago = aplicar(pedido_reservado(), "PedidoCancelado", {}, "t3")
    pago = aplicar(
        aplicar(aplicar(pedido_reservado(), "PagamentoAprovado", {}, "t3"), "PedidoConfirmado", {}, "t4"),
        "PedidoCancelado",
        {},
        "t5",
    )

    assert not nao_pago.permite("PagamentoEstornado")
    assert pago.permite("PagamentoEstornado")


def test_a_refused_refund_leaves_the_cancelled_order_paid_and_its_history_unchanged() -> None:
    nao_pago = aplicar(pedido_reservado(), "PedidoCancelado", {}, "t3")
    pago = aplicar(
        aplicar(aplicar(pedido_reservado(), "PagamentoAprovado", {}, "t3"), "PedidoConfirmado", {}, "t4"),
        "PedidoCancelado",
        {},
        "t5",
    )

    assert not nao_pago.permite("EstornoRecusado")
    assert pago.permite("EstornoRecusado")
    recusado = aplicar(pago, "EstornoRecusado", {"detalhe": "estorno recusado"}, "t6")
    assert (recusado.status, recusado.pago, recusado.versao) == ("CANCELADO", True, pago.versao + 1)
    assert recusado.historico == pago.historico


def pedido_confirmado() -> Pedido:
    return aplicar(aplicar(pedido_reservado(), "PagamentoAprovado", {}, "t3"), "PedidoConfirmado", {}, "t4")


def test_only_a_confirmed_order_is_cancelled_when_its_sale_finds_no_stock() -> None:
    confirmado = pedido_confirmado()
    em_preparo = aplicar(confirmado, "PedidoEmPreparo", {}, "t5")
    ja_cancelado = aplicar(confirmado, "PedidoCancelado", {"motivo": "CANCELADO_PELO_CLIENTE"}, "t5")

    assert confirmado.cancelavel_por_venda_sem_estoque()
    assert not pedido_reservado().cancelavel_por_venda_sem_estoque()
    assert not em_preparo.cancelavel_por_venda_sem_estoque()
    assert not ja_cancelado.cancelavel_por_venda_sem_estoque()


def test_an_order_cancelled_for_expired_stock_is_refunded_once_and_not_cancelled_again() -> None:
    cancelado = aplicar(pedido_confirmado(), "PedidoCancelado", {"motivo": ESTOQUE_EXPIRADO}, "t5")

    assert (cancelado.status, cancelado.motivo_cancelamento) == ("CANCELADO", "ESTOQUE_EXPIRADO")
    assert cancelado.permite("PagamentoEstornado")
    estornado = aplicar(cancelado, "PagamentoEstornado", {}, "t6")
    assert not estornado.permite("PagamentoEstornado")
    assert not estornado.permite("PedidoCancelado")
    assert not estornado.cancelavel_por_venda_sem_estoque()


def test_a_registered_event_is_applied_and_kept_pending_at_the_next_version_naming_the_order() -> None:
    pedido = pedido_reservado().registrar("PagamentoAprovado", {"valor": "9.00"}, "t3")
    confirmado = pedido.registrar("PedidoConfirmado", {"total": "9.00"}, "t4")

    assert (confirmado.status, confirmado.pago, confirmado.versao) == ("CONFIRMADO", True, 4)
    assert confirmado.novos == (
        EventoDoPedido("PagamentoAprovado", {"pedido_id": "p", "valor": "9.00"}, "t3", 3),
        EventoDoPedido("PedidoConfirmado", {"pedido_id": "p", "total": "9.00"}, "t4", 4),
    )


def test_an_order_rebuilt_from_its_events_has_nothing_pending() -> None:
    assert pedido_reservado().novos == ()


def test_a_refused_event_leaves_the_order_as_it_was() -> None:
    pedido = pedido_reservado()

    with pytest.raises(TransicaoInvalidaError):
        pedido.registrar("PedidoConfirmado", {}, "t3")  # not paid yet
    assert pedido.novos == () and pedido.status == "PENDENTE"


def test_the_transition_table_rules_every_event_an_order_records() -> None:
    da_reserva = {eventos.ESTOQUE_RESERVADO, eventos.ESTOQUE_INSUFICIENTE}

    assert set(TRANSICOES) == eventos.DO_PEDIDO | da_reserva
    assert list(EVENTO_DO_PASSO) == list(PASSOS_DA_EQUIPE)
    assert all(TRANSICOES[tipo].destino == passo for passo, tipo in EVENTO_DO_PASSO.items())
