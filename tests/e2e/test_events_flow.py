"""Events cross the stack: an outbox row is relayed to the bus and kept by the events store once."""

from __future__ import annotations

import requests

from confeitaria_shared.envelope import EventEnvelope
from tests.support import compose
from tests.support.eventually import eventually


def stored_event(gateway: str, event_id: str) -> dict[str, object] | None:
    response = requests.get(f"{gateway}/api/eventos/{event_id}", timeout=10)
    return response.json()["data"] if response.status_code == 200 else None


def test_an_event_written_to_the_catalog_outbox_reaches_the_events_store(gateway: str) -> None:
    event = EventEnvelope(
        type="TesteDeFluxo", aggregate_type="Teste", aggregate_id="1", data={"ok": True}, producer="catalogo"
    )
    payload = event.to_json().replace("'", "''")
    compose.psql(
        "catalogo-db",
        "catalogo",
        "INSERT INTO outbox (event_id, aggregate_type, aggregate_id, event_type, payload) "
        f"VALUES ('{event.event_id}', 'Teste', '1', 'TesteDeFluxo', '{payload}'::jsonb); NOTIFY outbox_novo;",
    )

    stored = eventually(lambda: stored_event(gateway, event.event_id), what="event in the events store")

    assert stored["type"] == "TesteDeFluxo"
    assert stored["producer"] == "catalogo"


def test_a_duplicate_and_a_malformed_entry_on_the_bus_leave_one_stored_event(gateway: str) -> None:
    event = EventEnvelope(
        type="TesteDuplicado", aggregate_type="Teste", aggregate_id="2", data={}, producer="t"
    )
    for fields in ({"evento": "lixo"}, event.to_stream_fields(), event.to_stream_fields()):
        args = [arg for key, value in fields.items() for arg in (key, value)]
        compose.compose("exec", "-T", "event-bus", "redis-cli", "XADD", "confeitaria.eventos", "*", *args)

    eventually(lambda: stored_event(gateway, event.event_id), what="duplicated event stored")

    filtro = {"tipo": "TesteDuplicado", "agregado_id": "2", "limite": 500}
    events = requests.get(f"{gateway}/api/eventos", params=filtro, timeout=10).json()["data"]
    assert [e["event_id"] for e in events].count(event.event_id) == 1
    letters = compose.compose(
        "exec", "-T", "event-bus", "redis-cli", "--raw", "XRANGE", "confeitaria.eventos.dlq", "-", "+"
    ).stdout
    assert "lixo" in letters
