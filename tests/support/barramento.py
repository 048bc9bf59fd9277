"""Read and write the test stack's shared stream itself, from inside the events container.

The bus has no host port: the scripts run with the events image's Python and its EVENT_BUS_URL.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

from confeitaria_shared.envelope import EventEnvelope
from tests.support import compose

# Prints "pronto" once it knows where the stream ends, then collects every entry after that
# whose text holds the marker, until one of type `ultimo` came or the time is up; prints them as JSON.
_ESCUTAR = r"""
import json, sys, time
from confeitaria_shared.config import StreamSettings
from confeitaria_shared.stores import redis_client

marca, ultimo_tipo, prazo = sys.argv[1], sys.argv[2], float(sys.argv[3])
settings = StreamSettings.from_env()
bus = redis_client(settings.bus)
desde = bus.xinfo_stream(settings.stream)["last-generated-id"]
print("pronto", flush=True)
entradas, fim = [], time.monotonic() + prazo
while time.monotonic() < fim and not any(e.get("type") == ultimo_tipo for e in entradas):
    for _stream, lidas in bus.xread({settings.stream: desde}, block=500, count=100) or []:
        for entry_id, campos in lidas:
            desde = entry_id
            if marca in json.dumps(campos):
                entradas.append(campos)
print(json.dumps(entradas))
"""

_PUBLICAR = r"""
import sys
from confeitaria_shared.config import StreamSettings
from confeitaria_shared.envelope import EventEnvelope
from confeitaria_shared.stores import redis_client

settings = StreamSettings.from_env()
evento = EventEnvelope.from_json(sys.stdin.read())
print(redis_client(settings.bus).xadd(settings.stream, evento.to_stream_fields()))
"""


def _no_container(script: str, *args: str, **kwargs: Any) -> subprocess.Popen[str]:
    comando = ["docker", "compose", "-p", compose.PROJECT, "exec", "-T", "events", "python", "-c", script]
    return subprocess.Popen(
        [*comando, *args],
        cwd=compose.REPO_ROOT,
        env=compose.compose_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


class Escuta:
    """The stream's new entries that mention `marca`, read as they come (before any trim)."""

    def __init__(self, marca: str, ultimo_tipo: str, prazo_s: float = 60) -> None:
        self._processo = _no_container(_ESCUTAR, marca, ultimo_tipo, str(prazo_s))
        assert self._processo.stdout is not None
        pronto = self._processo.stdout.readline().strip()
        assert pronto == "pronto", self._processo.stderr.read() if self._processo.stderr else pronto

    def entradas(self, timeout_s: float = 90) -> list[dict[str, str]]:
        """Every entry seen, each as its raw stream fields (after `ultimo_tipo` came or the time was up)."""
        saida, erro = self._processo.communicate(timeout=timeout_s)
        assert self._processo.returncode == 0, erro
        entradas: list[dict[str, str]] = json.loads(saida)
        return entradas


def publicar(evento: EventEnvelope) -> str:
    """XADD one event to the shared stream as a producer would; its entry id."""
    processo = _no_container(_PUBLICAR, stdin=subprocess.PIPE)
    saida, erro = processo.communicate(evento.to_json(), timeout=60)
    assert processo.returncode == 0, erro
    return saida.strip()
