"""Dead letters against in-memory fakes: listed, sent back and recorded, and followed to their outcome."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from confeitaria_shared.contratos import eventos
from confeitaria_shared.dominio import NaoEncontradoError
from confeitaria_shared.envelope import STREAM_FIELD
from events.dominio.cartas import Reprocessamento
from events.dominio.eventos import EventoGuardado
from events.servicos.cartas import historico, listar_cartas, reprocessar_carta, reprocessar_todas
from tests.support.fakes_events import AGORA, CartasFalsas, UnidadeFalsa

EVENT_ID = "5f0c6a0e-8d1b-4c43-9a53-2a1f3e5b7c11"


def morta(original: str = "900-0", grupo: str = "pedidos", event_id: str = EVENT_ID) -> dict[str, str]:
    """A dead letter's fields as the consumer writes them."""
    envelope = {"event_id": event_id, "type": eventos.ESTOQUE_RESERVADO}
    return {
        STREAM_FIELD: json.dumps(envelope),
        "dlq_original_id": original,
        "dlq_stream": "confeitaria.eventos",
        "dlq_group": grupo,
        "dlq_consumer": "pedidos-1",
        "dlq_error": "ValueError: boom",
        "dlq_deliveries": "5",
        "dlq_at": "1700000000.5",
    }


def test_dead_letters_are_listed_newest_first_with_their_error_and_original_entry() -> None:
    cartas = CartasFalsas(mortas={"1-0": morta("900-0"), "2-0": morta("901-0")})

    lista, total = listar_cartas(cartas, 1)

    assert total == 2
    assert lista == [
        {
            "id": "2-0",
            "event_id": EVENT_ID,
            "tipo": eventos.ESTOQUE_RESERVADO,
            "grupo": "pedidos",
            "consumidor": "pedidos-1",
            "erro": "ValueError: boom",
            "entregas": 5,
            "id_original": "901-0",
            "morto_em": "2023-11-14T22:13:20.500000+00:00",
            "entrada": {STREAM_FIELD: json.dumps({"event_id": EVENT_ID, "type": eventos.ESTOQUE_RESERVADO})},
        }
    ]


def test_an_entry_added_by_hand_reads_as_far_as_it_can() -> None:
    cartas = CartasFalsas(mortas={"1-0": {STREAM_FIELD: "{not json", "dlq_deliveries": "many"}})

    (carta,), _ = listar_cartas(cartas, 10)

    assert (carta["event_id"], carta["tipo"], carta["entregas"], carta["morto_em"]) == (None, None, 0, None)


def test_a_dead_letter_sent_back_goes_to_the_stream_leaves_the_dead_letters_and_is_recorded() -> None:
    uow, cartas = UnidadeFalsa(), CartasFalsas(mortas={"1-0": morta()})

    registro = reprocessar_carta(uow, cartas, "1-0", "admin")

    assert cartas.mortas == {}
    assert cartas.stream == [("1000-0", {STREAM_FIELD: morta()[STREAM_FIELD]})]
    assert registro == {
        "id": 1,
        "dlq_id": "1-0",
        "event_id": EVENT_ID,
        "tipo": eventos.ESTOQUE_RESERVADO,
        "grupo": "pedidos",
        "erro": "ValueError: boom",
        "entregas": 5,
        "resultado": "reenviado",
        "novo_id": "1000-0",
        "pedido_por": "admin",
        "em": AGORA.isoformat(),
        "situacao": "desconhecida",  # the fake stream has no group "pedidos"
    }
    assert uow.commits == 1


def test_a_dead_letter_that_is_not_there_is_not_found_and_nothing_is_recorded() -> None:
    uow = UnidadeFalsa()

    with pytest.raises(NaoEncontradoError) as erro:
        reprocessar_carta(uow, CartasFalsas(), "7-0", "admin")

    assert (erro.value.codigo, erro.value.mensagem) == ("CARTA_NAO_ENCONTRADA", "Não há carta morta 7-0.")
    assert erro.value.detalhes == {"dlq_id": "7-0"}
    assert uow.reprocessamentos.registros == [] and uow.commits == 0


def test_sending_every_dead_letter_back_goes_oldest_first_and_records_each() -> None:
    uow, cartas = UnidadeFalsa(), CartasFalsas(mortas={"1-0": morta("900-0"), "2-0": morta("901-0")})

    registros = reprocessar_todas(uow, cartas, "admin")

    assert [r["dlq_id"] for r in registros] == ["1-0", "2-0"]
    assert cartas.mortas == {} and len(cartas.stream) == 2
    assert uow.commits == 2


def test_the_history_lists_the_latest_reprocessings_newest_first() -> None:
    uow, cartas = UnidadeFalsa(), CartasFalsas(mortas={"1-0": morta("900-0"), "2-0": morta("901-0")})
    reprocessar_todas(uow, cartas, "admin")

    assert [r["dlq_id"] for r in historico(uow, cartas, 1)] == ["2-0"]


def _reenviada(grupo: str = "pedidos", event_id: str = EVENT_ID) -> tuple[UnidadeFalsa, CartasFalsas]:
    uow, cartas = UnidadeFalsa(), CartasFalsas(mortas={"1-0": morta(grupo=grupo, event_id=event_id)})
    reprocessar_carta(uow, cartas, "1-0", "admin")
    return uow, cartas


def _situacao(uow: UnidadeFalsa, cartas: CartasFalsas) -> str:
    return str(historico(uow, cartas, 1)[0]["situacao"])


def test_a_re_sent_entry_the_group_has_not_been_given_yet_is_waiting() -> None:
    uow, cartas = _reenviada()
    cartas.entregues["pedidos"] = "999-0"

    assert _situacao(uow, cartas) == "aguardando"


def test_a_re_sent_entry_the_group_holds_unacknowledged_is_being_processed() -> None:
    uow, cartas = _reenviada()
    cartas.entregues["pedidos"] = "1000-0"
    cartas.pendentes.add(("pedidos", "1000-0"))

    assert _situacao(uow, cartas) == "em_processamento"


def test_a_re_sent_entry_the_group_acknowledged_is_processed() -> None:
    uow, cartas = _reenviada()
    cartas.entregues["pedidos"] = "1000-5"

    assert _situacao(uow, cartas) == "processado"


def test_a_re_sent_entry_that_died_again_shows_as_failed_again() -> None:
    uow, cartas = _reenviada()
    cartas.entregues["pedidos"] = "1000-0"
    cartas.mortas["3-0"] = morta(original="1000-0")

    assert _situacao(uow, cartas) == "falhou_de_novo"


def test_an_event_re_sent_to_the_events_group_and_now_in_the_store_is_stored() -> None:
    uow, cartas = _reenviada(grupo="events")
    instante = datetime(2026, 11, 30, tzinfo=UTC)
    reserva = EventoGuardado(
        EVENT_ID, eventos.ESTOQUE_RESERVADO, "Reserva", "p1", 1, instante, "t", None, None, {}, 1
    )
    uow.eventos.guardados.append(reserva)

    assert _situacao(uow, cartas) == "armazenado"


def test_a_record_that_never_got_a_new_id_shows_its_own_result() -> None:
    uow = UnidadeFalsa()
    uow.reprocessamentos.adicionar(
        Reprocessamento("1-0", None, None, "pedidos", "boom", 5, "falhou", None, "admin")
    )

    assert _situacao(uow, CartasFalsas()) == "falhou"
