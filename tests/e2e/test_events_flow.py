"""Events cross the stack: an outbox row is relayed to the bus and kept by the events store once."""

from __future__ import annotations

import uuid

import requests

from confeitaria_shared.envelope import EventEnvelope
from tests.support import compose
from tests.support.api_client import staff
from tests.support.eventually import eventually


def stored_event(gateway: str, event_id: str) -> dict[str, object] | None:
    response = requests.get(f"{gateway}/api/eventos/{event_id}", headers=staff(), timeout=10)
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

    assert stored is not None
    assert stored["type"] == "TesteDeFluxo"
    assert stored["producer"] == "catalogo"


def test_a_duplicate_and_a_malformed_entry_on_the_bus_leave_one_stored_event(gateway: str) -> None:
    # A type of its own (letters only): its live count in eventos_por_tipo is this test's alone.
    tipo = "TesteDuplicado" + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:12])
    event = EventEnvelope(type=tipo, aggregate_type="Teste", aggregate_id="2", data={}, producer="t")
    # Sent after the duplicate: once it is stored, the duplicate has been consumed too.
    sentinel = EventEnvelope(type=tipo, aggregate_type="Teste", aggregate_id="3", data={}, producer="t")
    lixo = f"lixo-{uuid.uuid4().hex}"
    for fields in (
        {"evento": lixo},
        event.to_stream_fields(),
        event.to_stream_fields(),
        sentinel.to_stream_fields(),
    ):
        args = [arg for key, value in fields.items() for arg in (key, value)]
        compose.compose("exec", "-T", "event-bus", "redis-admin", "XADD", "confeitaria.eventos", "*", *args)

    eventually(lambda: stored_event(gateway, sentinel.event_id), what="the event after the duplicate stored")

    assert stored_event(gateway, event.event_id) is not None
    # event_id is a unique key, so the store cannot hold it twice; the per-type count could count it twice.
    contagem = compose.psql(
        "events-db", "events", f"SELECT quantidade FROM eventos_por_tipo WHERE tipo = '{tipo}'"
    )
    assert contagem == "2"  # the event and the sentinel, the duplicate not counted

    def cartas() -> str:
        return compose.compose(
            "exec", "-T", "event-bus", "redis-admin", "--raw", "XRANGE", "confeitaria.eventos.dlq", "-", "+"
        ).stdout

    eventually(lambda: lixo in cartas(), what="the malformed entry in the dead letters")
