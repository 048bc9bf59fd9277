"""The event envelope: what a valid event is, and what is rejected before any handler runs."""

from __future__ import annotations

import json

import pytest

from confeitaria_shared.context import request_id_var, traceparent_var
from confeitaria_shared.envelope import EventEnvelope, MalformedEventError, domain_event


def an_event(**overrides: object) -> dict[str, object]:
    event = EventEnvelope(
        type="PedidoCriado", aggregate_type="Pedido", aggregate_id="7", data={"a": 1}, producer="t"
    )
    raw = json.loads(event.to_json())
    raw.update(overrides)
    return raw


def test_an_envelope_survives_the_round_trip_through_stream_fields() -> None:
    event = EventEnvelope(
        type="PedidoCriado", aggregate_type="Pedido", aggregate_id="7", data={"x": 1}, producer="t"
    )

    assert EventEnvelope.from_stream_fields(event.to_stream_fields()) == event


def test_an_envelope_carries_every_field_of_the_architecture() -> None:
    fields = set(an_event())

    assert {
        "event_id",
        "type",
        "aggregate_type",
        "aggregate_id",
        "version",
        "occurred_at",
        "producer",
        "correlation_id",
        "causation_id",
        "schema_version",
        "data",
    } <= fields


@pytest.mark.parametrize(
    "defect",
    [
        {"event_id": "not-a-uuid"},
        {"type": ""},
        {"type": 5},
        {"data": [1, 2]},
        {"version": 0},
        {"version": True},
        {"producer": None},
    ],
)
def test_an_envelope_with_a_defect_is_rejected(defect: dict[str, object]) -> None:
    with pytest.raises(MalformedEventError):
        EventEnvelope.from_dict(an_event(**defect))


@pytest.mark.parametrize("payload", ["não é json", "[1, 2]", "null", b"\xff\xfe"])
def test_text_that_is_not_an_envelope_is_rejected(payload: str | bytes) -> None:
    with pytest.raises(MalformedEventError):
        EventEnvelope.from_json(payload)


def test_stream_fields_without_the_event_field_are_rejected() -> None:
    with pytest.raises(MalformedEventError):
        EventEnvelope.from_stream_fields({"outra": "coisa"})


def test_a_new_event_takes_the_request_id_as_correlation_and_the_traceparent() -> None:
    traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    request_token, trace_token = request_id_var.set("req-123"), traceparent_var.set(traceparent)
    try:
        event = domain_event("ProdutoCriado", "Produto", 1, {}, producer="catalogo")
    finally:
        request_id_var.reset(request_token)
        traceparent_var.reset(trace_token)

    assert event.correlation_id == "req-123"
    assert event.traceparent == traceparent
    assert event.causation_id is None


def test_an_event_caused_by_another_keeps_its_correlation_and_names_its_cause() -> None:
    cause = domain_event("PedidoCriado", "Pedido", "p1", {}, producer="pedidos")

    effect = domain_event("EstoqueReservado", "Pedido", "p1", {}, producer="catalogo", cause=cause)

    assert effect.correlation_id == cause.correlation_id
    assert effect.causation_id == cause.event_id


def test_an_event_born_outside_a_request_starts_its_own_correlation() -> None:
    event = domain_event("ReservaExpirada", "Pedido", "p1", {}, producer="catalogo")

    assert event.correlation_id == event.event_id
