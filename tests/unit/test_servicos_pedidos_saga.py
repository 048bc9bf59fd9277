"""The orders worker's use cases on in-memory fakes: the catalog's answers, payments, the expiry sweep."""

from __future__ import annotations

from decimal import Decimal

import pytest

from confeitaria_shared.contratos import eventos
from pedidos.dominio.pagamento import APROVADA, ESTORNO, PAGAMENTO, RECUSADA
from pedidos.servicos.pedidos import avancar_status, cancelar_pelo_cliente
from pedidos.servicos.saga import (
    ao_faltar_estoque,
    ao_reservar_estoque,
    ao_vender_sem_estoque,
    expirar_pendentes,
)
from tests.support.eventos import da_reserva
from tests.support.fakes_pedidos import (
    ProvedorFake,
    UnidadeFake,
    estoque_reservado,
    pedido_confirmado,
    pedido_criado,
    status,
)

FALTA = [{"produto_id": 1, "solicitado": 2, "disponivel": 0}]


@pytest.fixture
def uow() -> UnidadeFake:
    return UnidadeFake()


def test_a_reservation_prices_the_order_charges_it_once_and_confirms_it(uow: UnidadeFake) -> None:
    provedor = ProvedorFake()
    pedido_id = pedido_criado(uow)
    reserva = estoque_reservado(pedido_id)

    ao_reservar_estoque(reserva, uow, provedor)

    assert status(uow, pedido_id) == "CONFIRMADO"
    assert uow.pedidos.tipos(pedido_id) == [
        eventos.PEDIDO_CRIADO,
        eventos.ESTOQUE_RESERVADO,
        eventos.PAGAMENTO_APROVADO,
        eventos.PEDIDO_CONFIRMADO,
    ]
    pedido = uow.pedidos.pedidos[pedido_id]
    assert (pedido.total, pedido.itens[0]["subtotal"]) == (Decimal("9.00"), "9.00")
    assert provedor.chamadas == [("cobrar", pedido_id, Decimal("9.00"), f"cobranca:{pedido_id}")]
    assert uow.transacoes.do_pedido(pedido_id) == [(PAGAMENTO, APROVADA)]
    aprovado = uow.pedidos.dados(pedido_id, eventos.PAGAMENTO_APROVADO)
    assert aprovado == {
        "pedido_id": pedido_id,
        "transacao_id": uow.transacoes.transacoes[0].id,
        "valor": "9.00",
        "metodo": "pix",
    }
    confirmado = uow.pedidos.dados(pedido_id, eventos.PEDIDO_CONFIRMADO)
    assert confirmado == {
        "pedido_id": pedido_id,
        "itens": [{"produto_id": 1, "quantidade": 2}],
        "total": "9.00",
    }
    assert uow.commits == 2  # the checkout's, then the reservation's


def test_the_events_a_reservation_causes_carry_it_as_their_cause(uow: UnidadeFake) -> None:
    pedido_id = pedido_criado(uow)
    reserva = estoque_reservado(pedido_id)

    ao_reservar_estoque(reserva, uow, ProvedorFake())

    assert [g.causa for g in uow.pedidos.guardados[1:]] == [reserva] * 3
    assert [g.evento.versao for g in uow.pedidos.guardados] == [1, 2, 3, 4]


def test_a_declined_charge_cancels_the_order_as_pagamento_recusado_without_a_refund(uow: UnidadeFake) -> None:
    provedor = ProvedorFake(cobranca=RECUSADA)
    pedido_id = pedido_criado(uow)

    ao_reservar_estoque(estoque_reservado(pedido_id), uow, provedor)

    assert status(uow, pedido_id) == "CANCELADO"
    assert uow.pedidos.tipos(pedido_id)[-2:] == [eventos.PAGAMENTO_RECUSADO, eventos.PEDIDO_CANCELADO]
    assert uow.pedidos.dados(pedido_id, eventos.PAGAMENTO_RECUSADO)["detalhe"] == "cartão recusado"
    assert uow.pedidos.pedidos[pedido_id].motivo_cancelamento == "PAGAMENTO_RECUSADO"
    assert uow.transacoes.do_pedido(pedido_id) == [(PAGAMENTO, RECUSADA)]
    assert [c[0] for c in provedor.chamadas] == ["cobrar"]


def test_a_repeated_reservation_changes_nothing_and_charges_nothing(uow: UnidadeFake) -> None:
    provedor = ProvedorFake()
    pedido_id = pedido_confirmado(uow, provedor)
    antes = (list(uow.pedidos.guardados), uow.commits)

    ao_reservar_estoque(estoque_reservado(pedido_id), uow, provedor)

    assert (uow.pedidos.guardados, uow.commits) == antes
    assert len(provedor.chamadas) == 1


def test_a_late_reservation_of_a_cancelled_order_changes_nothing(uow: UnidadeFake) -> None:
    provedor = ProvedorFake()
    pedido_id = pedido_criado(uow)
    cancelar_pelo_cliente(uow, pedido_id, provedor)

    ao_reservar_estoque(estoque_reservado(pedido_id), uow, provedor)

    assert uow.pedidos.tipos(pedido_id) == [eventos.PEDIDO_CRIADO, eventos.PEDIDO_CANCELADO]
    assert provedor.chamadas == []


def test_an_answer_about_an_unknown_order_changes_nothing(uow: UnidadeFake) -> None:
    provedor = ProvedorFake()
    desconhecido = "11111111-1111-1111-1111-111111111111"

    ao_reservar_estoque(estoque_reservado(desconhecido), uow, provedor)
    ao_faltar_estoque(da_reserva(eventos.ESTOQUE_INSUFICIENTE, desconhecido, faltando=FALTA), uow, provedor)
    ao_vender_sem_estoque(da_reserva(eventos.VENDA_SEM_ESTOQUE, desconhecido, faltando=FALTA), uow, provedor)

    assert uow.pedidos.guardados == [] and uow.commits == 0 and provedor.chamadas == []


def test_the_order_is_found_by_the_aggregate_id_when_the_data_does_not_name_it(uow: UnidadeFake) -> None:
    pedido_id = pedido_criado(uow)
    reserva = estoque_reservado(pedido_id)
    del reserva.data["pedido_id"]

    ao_reservar_estoque(reserva, uow, ProvedorFake())

    assert status(uow, pedido_id) == "CONFIRMADO"


def test_missing_stock_cancels_the_order_saying_what_was_missing(uow: UnidadeFake) -> None:
    provedor = ProvedorFake()
    pedido_id = pedido_criado(uow)
    falta = da_reserva(eventos.ESTOQUE_INSUFICIENTE, pedido_id, faltando=FALTA)

    ao_faltar_estoque(falta, uow, provedor)

    assert uow.pedidos.tipos(pedido_id) == [
        eventos.PEDIDO_CRIADO,
        eventos.ESTOQUE_INSUFICIENTE,
        eventos.PEDIDO_CANCELADO,
    ]
    assert uow.pedidos.dados(pedido_id, eventos.ESTOQUE_INSUFICIENTE)["faltando"] == FALTA
    assert uow.pedidos.pedidos[pedido_id].motivo_cancelamento == "ESTOQUE_INSUFICIENTE"
    assert [g.causa for g in uow.pedidos.guardados[1:]] == [falta, falta]
    assert provedor.chamadas == []


def test_missing_stock_reported_after_the_reservation_changes_nothing(uow: UnidadeFake) -> None:
    provedor = ProvedorFake()
    pedido_id = pedido_confirmado(uow, provedor)
    antes = list(uow.pedidos.guardados)

    ao_faltar_estoque(da_reserva(eventos.ESTOQUE_INSUFICIENTE, pedido_id, faltando=FALTA), uow, provedor)

    assert uow.pedidos.guardados == antes and status(uow, pedido_id) == "CONFIRMADO"


@pytest.mark.parametrize(
    ("estorno", "evento", "pago"),
    [(APROVADA, eventos.PAGAMENTO_ESTORNADO, False), (RECUSADA, eventos.ESTORNO_RECUSADO, True)],
    ids=["refund_approved", "refund_refused"],
)
def test_a_confirmed_order_whose_units_were_sold_meanwhile_is_cancelled_and_refunded(
    uow: UnidadeFake, estorno: str, evento: str, pago: bool
) -> None:
    provedor = ProvedorFake(estorno=estorno)
    pedido_id = pedido_confirmado(uow, provedor)
    venda = da_reserva(eventos.VENDA_SEM_ESTOQUE, pedido_id, faltando=FALTA, itens=[])

    ao_vender_sem_estoque(venda, uow, provedor)

    assert uow.pedidos.tipos(pedido_id)[-2:] == [eventos.PEDIDO_CANCELADO, evento]
    cancelado = uow.pedidos.dados(pedido_id, eventos.PEDIDO_CANCELADO)
    assert cancelado == {"pedido_id": pedido_id, "faltando": FALTA, "motivo": "ESTOQUE_EXPIRADO"}
    assert uow.transacoes.do_pedido(pedido_id) == [(PAGAMENTO, APROVADA), (ESTORNO, estorno)]
    assert uow.pedidos.pedidos[pedido_id].pago is pago
    assert [g.causa for g in uow.pedidos.guardados[-2:]] == [venda, venda]


def test_a_sale_without_stock_leaves_an_order_in_the_staff_s_hands_and_says_so(
    uow: UnidadeFake, caplog: pytest.LogCaptureFixture
) -> None:
    provedor = ProvedorFake()
    pedido_id = pedido_confirmado(uow, provedor)
    avancar_status(uow, pedido_id, "EM_PREPARO")
    antes = list(uow.pedidos.guardados)

    ao_vender_sem_estoque(da_reserva(eventos.VENDA_SEM_ESTOQUE, pedido_id, faltando=FALTA), uow, provedor)

    assert uow.pedidos.guardados == antes and status(uow, pedido_id) == "EM_PREPARO"
    assert [r.getMessage() for r in caplog.records] == ["order in the staff's hands has no stock"]


def test_a_sale_without_stock_of_a_cancelled_order_changes_nothing_and_is_not_an_error(
    uow: UnidadeFake, caplog: pytest.LogCaptureFixture
) -> None:
    provedor = ProvedorFake()
    pedido_id = pedido_confirmado(uow, provedor)
    cancelar_pelo_cliente(uow, pedido_id, provedor)
    antes = (list(uow.pedidos.guardados), len(provedor.chamadas))

    ao_vender_sem_estoque(da_reserva(eventos.VENDA_SEM_ESTOQUE, pedido_id, faltando=FALTA), uow, provedor)

    assert (uow.pedidos.guardados, len(provedor.chamadas)) == antes
    assert caplog.records == []


def test_the_sweep_cancels_orders_pending_past_the_timeout_as_expirado_and_leaves_the_rest(
    uow: UnidadeFake,
) -> None:
    provedor = ProvedorFake()
    preso, recente = pedido_criado(uow, chave="a"), pedido_criado(uow, chave="b")
    confirmado = pedido_confirmado(uow, provedor, chave="c")
    uow.pedidos.idades.update({preso: 600, recente: 10, confirmado: 600})
    commits = uow.commits

    assert expirar_pendentes(uow, 120, provedor) == 1

    assert (status(uow, preso), status(uow, recente), status(uow, confirmado)) == (
        "CANCELADO",
        "PENDENTE",
        "CONFIRMADO",
    )
    assert uow.pedidos.pedidos[preso].motivo_cancelamento == "EXPIRADO"
    assert uow.pedidos.guardados[-1].causa is None
    assert uow.commits == commits + 1
    assert len(provedor.chamadas) == 1  # only the confirmed order's charge


def test_the_sweep_takes_at_most_its_limit_oldest_first(uow: UnidadeFake) -> None:
    presos = [pedido_criado(uow, chave=str(i)) for i in range(3)]
    uow.pedidos.idades.update(dict(zip(presos, (300, 900, 600), strict=True)))

    assert expirar_pendentes(uow, 120, ProvedorFake(), limite=2) == 2

    assert [status(uow, p) for p in presos] == ["PENDENTE", "CANCELADO", "CANCELADO"]


def test_a_sweep_with_nothing_stuck_cancels_nothing(uow: UnidadeFake) -> None:
    pedido_id = pedido_criado(uow)

    assert expirar_pendentes(uow, 120, ProvedorFake()) == 0

    assert status(uow, pedido_id) == "PENDENTE"
