"""Publish synthetic events straight into the test stack's shared stream (from inside a container).

The bus has no host port: the script runs with the events image's Python, next to the bus, as the
events service's own Redis user (it may XADD to the stream: it sends dead letters back).
"""

from __future__ import annotations

import subprocess

from tests.support import compose

SCRIPT = r"""
import sys, time, uuid
from confeitaria_shared.config import StreamSettings
from confeitaria_shared.envelope import domain_event
from confeitaria_shared.stores import redis_client

tipo, lote, quantidade, por_segundo = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
settings = StreamSettings.from_env()
bus = redis_client(settings.bus)
bloco = 200
ids = []
for inicio in range(0, quantidade, bloco):
    pipe = bus.pipeline(transaction=False)
    for n in range(inicio, min(inicio + bloco, quantidade)):
        evento = domain_event(tipo, "Carga", f"{lote}-{n}", {"n": n, "lote": lote}, "teste")
        pipe.xadd(settings.stream, evento.to_stream_fields())
        if n < 10:
            ids.append(evento.event_id)
    pipe.execute()
    if por_segundo:
        time.sleep(bloco / por_segundo)
print(" ".join(ids))
"""


def publicar(tipo: str, lote: str, quantidade: int, por_segundo: float = 0) -> subprocess.Popen[str]:
    """Start publishing `quantidade` events of `tipo` (aggregate ids `<lote>-<n>`).

    The process prints the event ids of the first ten when it ends.
    """
    args = ["docker", "compose", "-p", compose.PROJECT, "exec", "-T", "events", "python", "-c", SCRIPT]
    return subprocess.Popen(
        [*args, tipo, lote, str(quantidade), str(por_segundo)],
        cwd=compose.REPO_ROOT,
        env=compose.compose_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
