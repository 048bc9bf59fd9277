"""The events service's use cases against in-memory fakes: storing, reading and the stream's health."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from confeitaria_shared.contratos import eventos, status
from confeitaria_shared.dominio import InvalidoError, NaoEncontradoError
from confeitaria_shared.envelope import EventEnvelope, domain_event
from events.servicos.armazenamento import armazenar_lote
from events.servicos.consultas import listar_eventos, obter_evento, pedidos_projetados, por_correlacao
from events.servicos.estatisticas import saude_do_stream
from events.servicos.portas import EstadoDoGrupo, EstadoDoStream, FiltroDeEventos
from tests.support.fakes_events import MonitorFalso, UnidadeFalsa

INICIO = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def evento(
    tipo: str,
    agregado_id: str = "p1",
    segundos: int = 0,
    agregado_tipo: str = "Pedido",
    versao: int = 1,
    **dados: Any,
) -> EventEnvelope:
    novo = domain_event(tipo, agregado_tipo, agregado_id, dados, "teste", version=versao)
    return replace(novo, occurred_at=(INICIO + timedelta(seconds=segundos)).isoformat())


def criado(pedido_id: str = "p1", segundos: int = 0, **dados: Any) -> EventEnvelope:
    itens = [{"produto_id": 1, "quantidade": 2}]
    return evento(eventos.PEDIDO_CRIADO, pedido_id, segundos, itens=itens, cliente_id="c-1", **dados)


def test_a_batch_is_stored_counted_per_type_and_folded_into_its_orders_in_one_commit() -> None:
    uow = UnidadeFalsa()
    confirmado = evento(eventos.PEDIDO_CONFIRMADO, segundos=2, versao=3, total="25.00")

    armazenar_lote(uow, [criado(), evento(eventos.PRODUTO_CRIADO, "9", 1, "Produto"), confirmado])

    assert [e.tipo for e in uow.eventos.guardados] == [
        eventos.PEDIDO_CRIADO,
        eventos.PRODUTO_CRIADO,
        eventos.PEDIDO_CONFIRMADO,
    ]
    assert {t: c.quantidade for t, c in uow.projecoes.por_tipo.items()} == {
        eventos.PEDIDO_CRIADO: 1,
        eventos.PRODUTO_CRIADO: 1,
        eventos.PEDIDO_CONFIRMADO: 1,
    }
    pedido = uow.projecoes.por_pedido["p1"]
    assert (pedido.status, pedido.total, pedido.unidades) == (status.CONFIRMADO, Decimal("25.00"), 2)
    assert uow.projecoes.travados == [["p1"]]
    assert uow.commits == 1


def test_a_redelivered_batch_stores_counts_and_folds_nothing_twice() -> None:
    uow = UnidadeFalsa()
    lote = [criado(), evento(eventos.PEDIDO_CANCELADO, segundos=1, versao=2, motivo="EXPIRADO")]
    armazenar_lote(uow, lote)

    armazenar_lote(uow, lote)

    assert len(uow.eventos.guardados) == 2
    assert uow.projecoes.por_tipo[eventos.PEDIDO_CRIADO].quantidade == 1
    assert uow.projecoes.por_pedido["p1"].eventos == 2
    assert uow.projecoes.travados == [["p1"]]  # the second read touched no order


def test_an_event_still_carrying_personal_data_is_stored_without_it() -> None:
    uow = UnidadeFalsa()
    antigo = criado(
        cliente={"nome": "Ana", "email": "ana@example.com"},
        entrega={"endereco": "Rua A, 1"},
        pagamento={"metodo": "cartao", "cartao_final": "0002"},
    )

    armazenar_lote(uow, [antigo])

    assert uow.eventos.guardados[0].dados == {
        "itens": [{"produto_id": 1, "quantidade": 2}],
        "cliente_id": "c-1",
        "pagamento": {"metodo": "cartao"},
    }
    assert uow.projecoes.por_pedido["p1"].cliente_id == "c-1"


def test_a_reservation_stored_late_lands_in_its_place_in_the_order() -> None:
    uow = UnidadeFalsa()
    armazenar_lote(uow, [criado(), evento(eventos.PAGAMENTO_APROVADO, segundos=2, versao=2, valor="12.5")])
    reserva = evento(eventos.ESTOQUE_RESERVADO, "p1", 1, "Reserva", itens=[])

    armazenar_lote(uow, [reserva])

    pedido = uow.projecoes.por_pedido["p1"]
    assert (pedido.eventos, pedido.total) == (3, Decimal("12.50"))
    assert pedido.atualizado_em == INICIO + timedelta(seconds=2)


def test_an_empty_read_commits_nothing() -> None:
    uow = UnidadeFalsa()

    armazenar_lote(uow, [])

    assert uow.commits == 0


def test_events_of_other_aggregates_are_stored_without_touching_the_orders() -> None:
    uow = UnidadeFalsa()

    armazenar_lote(uow, [evento(eventos.ITEM_ADICIONADO_AO_CARRINHO, "c-9", 0, "Carrinho")])

    assert len(uow.eventos.guardados) == 1
    assert uow.projecoes.por_pedido == {} and uow.projecoes.travados == []


def _armazem_com(n: int) -> UnidadeFalsa:
    uow = UnidadeFalsa()
    armazenar_lote(uow, [evento(eventos.PRODUTO_CRIADO, str(i), i, "Produto") for i in range(n)])
    return uow


def test_pages_of_events_follow_each_other_newest_first_without_gaps_or_repeats() -> None:
    uow = _armazem_com(5)

    primeira, cursor = listar_eventos(uow, FiltroDeEventos(), 2)
    segunda, cursor2 = listar_eventos(uow, FiltroDeEventos(), 2, cursor)
    terceira, fim = listar_eventos(uow, FiltroDeEventos(), 2, cursor2)

    assert [e["posicao"] for e in primeira + segunda + terceira] == [5, 4, 3, 2, 1]
    assert cursor is not None and cursor2 is not None and fim is None


def test_pages_in_ascending_order_start_at_the_oldest_event() -> None:
    uow = _armazem_com(3)

    pagina, cursor = listar_eventos(uow, FiltroDeEventos(descendo=False), 2)

    assert [e["posicao"] for e in pagina] == [1, 2]
    assert listar_eventos(uow, FiltroDeEventos(descendo=False), 2, cursor)[0][0]["posicao"] == 3


def test_a_page_holds_only_the_events_that_match_every_filter() -> None:
    uow = UnidadeFalsa()
    armazenar_lote(
        uow, [criado("p1", 0), criado("p2", 10), evento(eventos.PRODUTO_CRIADO, "9", 20, "Produto")]
    )
    filtro = FiltroDeEventos(tipo=eventos.PEDIDO_CRIADO, desde=INICIO + timedelta(seconds=5))

    pagina, cursor = listar_eventos(uow, filtro, 50)

    assert [e["aggregate_id"] for e in pagina] == ["p2"] and cursor is None


def test_an_event_shows_with_the_envelope_s_field_names_and_its_position() -> None:
    uow = UnidadeFalsa()
    original = criado()
    armazenar_lote(uow, [original])

    assert obter_evento(uow, original.event_id) == {
        "event_id": original.event_id,
        "type": eventos.PEDIDO_CRIADO,
        "aggregate_type": "Pedido",
        "aggregate_id": "p1",
        "version": 1,
        "occurred_at": INICIO.isoformat(),
        "producer": "teste",
        "correlation_id": original.correlation_id,
        "causation_id": None,
        "data": {"itens": [{"produto_id": 1, "quantidade": 2}], "cliente_id": "c-1"},
        "posicao": 1,
    }


@pytest.mark.parametrize("cursor", ["nao-e-base64!", "eDE", "cGFiYw"])
def test_a_cursor_that_is_not_ours_is_refused(cursor: str) -> None:
    with pytest.raises(InvalidoError) as erro:
        listar_eventos(_armazem_com(1), FiltroDeEventos(), 10, cursor)

    assert erro.value.codigo == "CURSOR_INVALIDO"
    assert erro.value.mensagem == "cursor inválido: use o proximo_cursor da página anterior."


def test_an_event_the_store_does_not_hold_is_not_found() -> None:
    with pytest.raises(NaoEncontradoError) as erro:
        obter_evento(UnidadeFalsa(), "00000000-0000-0000-0000-000000000000")

    assert erro.value.codigo == "EVENTO_NAO_ENCONTRADO"
    assert erro.value.mensagem == "Evento 00000000-0000-0000-0000-000000000000 não está no armazenamento."


def test_a_correlation_lists_every_cause_before_its_effects_even_when_clocks_disagree() -> None:
    uow = UnidadeFalsa()
    causa = replace(criado(segundos=5), correlation_id="req-1")
    # The catalog's clock runs behind: its reply seems to happen before the order it answers.
    efeito = replace(
        evento(eventos.ESTOQUE_RESERVADO, "p1", 1, "Reserva", itens=[]),
        correlation_id="req-1",
        causation_id=causa.event_id,
    )
    alheio = replace(evento(eventos.PRODUTO_CRIADO, "9", 3, "Produto"), correlation_id="req-2")
    armazenar_lote(uow, [efeito, alheio, causa])

    assert [e["type"] for e in por_correlacao(uow, "req-1")] == [
        eventos.PEDIDO_CRIADO,
        eventos.ESTOQUE_RESERVADO,
    ]


def test_the_panel_lists_the_orders_last_changed_and_counts_them_per_status() -> None:
    uow = UnidadeFalsa()
    armazenar_lote(
        uow,
        [
            criado("p1", 0),
            criado("p2", 1),
            criado("p3", 2),
            evento(eventos.PEDIDO_CANCELADO, "p1", 9, versao=2, motivo="EXPIRADO"),
        ],
    )

    pedidos, por_status = pedidos_projetados(uow, 2)

    assert [p.pedido_id for p in pedidos] == ["p1", "p3"]
    assert por_status == [(status.CANCELADO, 1), (status.PENDENTE, 2)]


def test_the_health_of_a_stream_that_does_not_exist_yet_says_so() -> None:
    assert saude_do_stream(MonitorFalso(stream="s")) == {
        "stream": "s",
        "existe": False,
        "comprimento": 0,
        "grupos": [],
        "dead_letters": 0,
    }


def test_the_health_of_the_stream_lists_each_group_with_its_backlog_and_consumers() -> None:
    consumidor = {"nome": "c1", "pendentes": 1, "ocioso_ms": 20}
    monitor = MonitorFalso(
        stream="s",
        estado_atual=EstadoDoStream(7, "1-0", "7-0"),
        grupos_atuais=[EstadoDoGrupo("events", 1, None, "6-0", [consumidor])],
        mortas=2,
    )

    assert saude_do_stream(monitor) == {
        "stream": "s",
        "existe": True,
        "comprimento": 7,
        "primeiro_id": "1-0",
        "ultimo_id": "7-0",
        "grupos": [
            {
                "nome": "events",
                "pendentes": 1,
                "atraso": None,
                "ultimo_entregue": "6-0",
                "consumidores": [consumidor],
            }
        ],
        "dead_letters": 2,
    }
