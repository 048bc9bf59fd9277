"""Prometheus gauges of the shared stream, read from the bus at scrape time."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

import redis

from ..servicos.estatisticas import saude_do_stream
from .barramento import MonitorNoRedis


class ColetorDoStream(Collector):
    """Stream length, dead letters, and pending entries and lag per group."""

    def __init__(self, monitor: MonitorNoRedis) -> None:
        self.monitor = monitor

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """The gauges, or none when the bus does not answer."""
        try:
            saude = saude_do_stream(self.monitor)
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
