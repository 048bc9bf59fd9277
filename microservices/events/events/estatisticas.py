"""Health of the shared stream: length, ends, and per consumer group its backlog and consumers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

import redis


def saude_do_stream(bus: redis.Redis, stream: str, dead_letters: str) -> dict[str, Any]:
    """Length, first/last id, dead letters, and per group: pending, lag, consumers and their idle time."""
    cliente = cast(Any, bus)
    try:
        info = cliente.xinfo_stream(stream)
    except redis.ResponseError:
        return {"stream": stream, "existe": False, "comprimento": 0, "grupos": [], "dead_letters": 0}
    grupos = []
    for grupo in cliente.xinfo_groups(stream):
        consumidores = cliente.xinfo_consumers(stream, grupo["name"])
        grupos.append(
            {
                "nome": grupo["name"],
                "pendentes": grupo["pending"],
                # Entries not yet delivered to the group; Redis 7 gives it (None when unknown).
                "atraso": grupo.get("lag"),
                "ultimo_entregue": grupo["last-delivered-id"],
                "consumidores": [
                    {"nome": c["name"], "pendentes": c["pending"], "ocioso_ms": c["idle"]}
                    for c in consumidores
                ],
            }
        )
    return {
        "stream": stream,
        "existe": True,
        "comprimento": info["length"],
        "primeiro_id": info["first-entry"][0] if info.get("first-entry") else None,
        "ultimo_id": info["last-generated-id"],
        "grupos": grupos,
        "dead_letters": cliente.xlen(dead_letters),
    }


class ColetorDoStream(Collector):
    """Prometheus gauges read from the bus at scrape time."""

    def __init__(self, bus: redis.Redis, stream: str, dead_letters: str) -> None:
        self.bus, self.stream, self.dead_letters = bus, stream, dead_letters

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """Stream length, dead letters, and pending entries and lag per group."""
        try:
            saude = saude_do_stream(self.bus, self.stream, self.dead_letters)
        except redis.RedisError:
            return
        yield GaugeMetricFamily(
            "stream_entries", "Entries in the shared event stream", value=saude["comprimento"]
        )
        yield GaugeMetricFamily(
            "stream_dead_letters", "Entries in the dead-letter stream", value=saude["dead_letters"]
        )
        pendentes = GaugeMetricFamily(
            "stream_group_pending", "Delivered, unacknowledged entries", labels=["group"]
        )
        atraso = GaugeMetricFamily(
            "stream_group_lag", "Entries not yet delivered to the group", labels=["group"]
        )
        for grupo in saude["grupos"]:
            pendentes.add_metric([grupo["nome"]], grupo["pendentes"])
            if grupo["atraso"] is not None:
                atraso.add_metric([grupo["nome"]], grupo["atraso"])
        yield pendentes
        yield atraso
