"""The live feed: the shared stream tailed as Server-Sent Events, resumable with Last-Event-ID."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, cast

import redis
from confeitaria_shared.dominio import IndisponivelError
from confeitaria_shared.envelope import EventEnvelope, MalformedEventError
from confeitaria_shared.privacidade import sem_dados_pessoais

# A heartbeat each second: a closed client is noticed at the next write, freeing its place fast.
HEARTBEAT_S = 1.0  # and below the bus client's 5 s socket timeout
DURACAO_MAX_S = 300.0  # then the browser's EventSource reconnects with Last-Event-ID
STREAM_ID = r"^\d{1,20}-\d{1,20}$"


class LimiteDeFeeds:
    """Caps the feeds open in this process: each one holds a server thread while it lasts."""

    def __init__(self, maximo: int) -> None:
        self._vagas = threading.BoundedSemaphore(maximo)

    def entrar(self) -> None:
        """Take a place, or 503 FEEDS_ESGOTADOS when every place is taken."""
        if not self._vagas.acquire(blocking=False):
            raise IndisponivelError(
                "FEEDS_ESGOTADOS", "Muitos feeds ao vivo abertos; tente de novo em instantes."
            )

    def sair(self) -> None:
        """Give the place back."""
        self._vagas.release()


def _sse(entry_id: str, evento: EventEnvelope) -> str:
    # No `event:` name: a browser's EventSource.onmessage then gets every type (it is in the data).
    # An entry published before the orders service stopped sending personal data is shown without it.
    sem_pessoais = replace(evento, data=sem_dados_pessoais(evento.data))
    return f"id: {entry_id}\ndata: {sem_pessoais.to_json()}\n\n"


def acompanhar(
    bus: redis.Redis, stream: str, desde: str, tipos: set[str], duracao_s: float = DURACAO_MAX_S
) -> Iterator[str]:
    """Yield SSE frames for new entries after `desde` ("$" = from now), comments as heartbeats."""
    cliente = cast(Any, bus)
    ultimo = desde
    fim = time.monotonic() + duracao_s
    yield f"retry: 2000\n: {json.dumps({'desde': desde})}\n\n"
    while time.monotonic() < fim:
        resposta = cliente.xread({stream: ultimo}, block=int(HEARTBEAT_S * 1000), count=100)
        if not resposta:
            yield ": ainda aqui\n\n"
            continue
        for entry_id, campos in resposta[0][1]:
            ultimo = entry_id
            try:
                evento = EventEnvelope.from_stream_fields(campos)
            except MalformedEventError:
                continue
            if not tipos or evento.type in tipos:
                yield _sse(entry_id, evento)
