"""The events service's projections and the replay's comparison, as pure functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from events.dominio.projecoes import Fato, projetar_pedido, projetar_pedidos
from events.dominio.prova import comparar, digest

INICIO = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def fato(segundos: int, tipo: str, agregado: str = "Pedido", versao: int = 1, **dados: Any) -> Fato:
    return Fato(tipo, agregado, "p1", versao, INICIO + timedelta(seconds=segundos), dados)


CRIADO = fato(0, "PedidoCriado", itens=[{"produto_id": 1, "quantidade": 2}], cliente_id="c-42")
RESERVADO = fato(
    1, "EstoqueReservado", "Reserva", itens=[{"produto_id": 1, "quantidade": 2, "preco_unitario": "12.50"}]
)
CONFIRMADO = fato(2, "PedidoConfirmado", versao=4, total="25.00")


def test_a_confirmed_order_has_its_status_total_units_and_customer_reference() -> None:
    pedido = projetar_pedido(
        [CRIADO, RESERVADO, fato(2, "PagamentoAprovado", versao=3, valor="25.00"), CONFIRMADO]
    )

    assert pedido is not None
    assert (pedido.status, pedido.total, pedido.unidades) == ("CONFIRMADO", Decimal("25.00"), 2)
    assert pedido.cliente_id == "c-42"
    assert pedido.eventos == 4
    assert pedido.atualizado_em == CONFIRMADO.ocorrido_em


def test_a_guests_order_and_an_order_from_before_the_reference_have_no_customer() -> None:
    sem_referencia = fato(0, "PedidoCriado", itens=[{"produto_id": 1, "quantidade": 1}])
    convidado = fato(0, "PedidoCriado", itens=[{"produto_id": 1, "quantidade": 1}], cliente_id=None)

    for criado in (sem_referencia, convidado):
        pedido = projetar_pedido([criado])
        assert pedido is not None and pedido.cliente_id is None


def test_events_stored_out_of_order_fold_in_the_order_they_happened() -> None:
    assert projetar_pedido([CONFIRMADO, RESERVADO, CRIADO]) == projetar_pedido(
        [CRIADO, RESERVADO, CONFIRMADO]
    )


def test_a_reservation_that_arrives_after_the_cancellation_leaves_no_total() -> None:
    cancelado = fato(1, "PedidoCancelado", versao=2, motivo="EXPIRADO")
    tardio = fato(2, "EstoqueReservado", "Reserva", itens=RESERVADO.dados["itens"])

    pedido = projetar_pedido([CRIADO, cancelado, tardio])

    assert pedido is not None
    assert (pedido.status, pedido.total, pedido.motivo_cancelamento) == ("CANCELADO", None, "EXPIRADO")


def test_a_reservation_that_happened_before_the_expiry_but_was_never_charged_leaves_no_total() -> None:
    # Dead-lettered, it reached the orders service after the expiry: no payment, no total there.
    cancelado = fato(120, "PedidoCancelado", versao=2, motivo="EXPIRADO")

    pedido = projetar_pedido([CRIADO, cancelado, RESERVADO])

    assert pedido is not None
    assert (pedido.status, pedido.total, pedido.eventos) == ("CANCELADO", None, 3)


def test_a_declined_payment_sets_the_total_the_orders_service_charged() -> None:
    recusado = fato(2, "PagamentoRecusado", versao=3, valor="25.00", detalhe="cartão recusado")
    cancelado = fato(2, "PedidoCancelado", versao=4, motivo="PAGAMENTO_RECUSADO")

    pedido = projetar_pedido([CRIADO, RESERVADO, recusado, cancelado])

    assert pedido is not None
    assert (pedido.status, pedido.total, pedido.motivo_cancelamento) == (
        "CANCELADO",
        Decimal("25.00"),
        "PAGAMENTO_RECUSADO",
    )


def test_events_of_an_order_never_created_make_no_row() -> None:
    assert projetar_pedido([CONFIRMADO]) is None
    assert projetar_pedidos([CONFIRMADO, fato(0, "ProdutoCriado", "Produto")]) == {}


def test_equal_models_have_equal_digests_and_no_differences() -> None:
    linhas = {"a": ("CONFIRMADO", "25.00"), "b": ("CANCELADO", None)}

    prova = comparar("pedidos", "teste", linhas, dict(reversed(linhas.items())))

    assert prova.iguais
    assert prova.digest_reconstruido == prova.digest_vivo == digest(linhas)


def test_a_changed_or_missing_row_is_listed_as_a_difference() -> None:
    reconstruido = {"a": ("CONFIRMADO", "25.00"), "b": ("CANCELADO", None)}
    vivo = {"a": ("PENDENTE", "25.00")}

    prova = comparar("pedidos", "teste", reconstruido, vivo)

    assert not prova.iguais
    assert [d["chave"] for d in prova.diferencas] == ["a", "b"]
    assert prova.diferencas[1]["vivo"] is None


def test_a_refused_refund_keeps_the_order_cancelled_and_counts_as_one_more_event() -> None:
    cancelado = fato(3, "PedidoCancelado", versao=5, motivo="CANCELADO_PELO_CLIENTE")
    recusado = fato(4, "EstornoRecusado", versao=6, detalhe="estorno recusado")

    pedido = projetar_pedido([CRIADO, RESERVADO, CONFIRMADO, cancelado, recusado])

    assert pedido is not None
    assert (pedido.status, pedido.total, pedido.motivo_cancelamento) == (
        "CANCELADO",
        Decimal("25.00"),
        "CANCELADO_PELO_CLIENTE",
    )
    assert pedido.eventos == 5
    assert pedido.atualizado_em == recusado.ocorrido_em
