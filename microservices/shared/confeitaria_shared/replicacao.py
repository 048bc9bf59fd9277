"""Publishing to the bus so that a failover cannot lose it: the batch counts once its replica has it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

import redis

# How long a batch waits for the replica's acknowledgement (WAIT), in milliseconds.
ESPERA_DA_REPLICA_MS = 1000


class ReplicaNaoConfirmou(redis.RedisError):
    """The master took the batch but no replica acknowledged it in time: publish it again."""


def replicas_exigidas(com_sentinelas: bool) -> int:
    """How many replicas must have a batch before it counts: one under Sentinel, none otherwise."""
    return 1 if com_sentinelas else 0


def xadd_replicado(
    bus: redis.Redis,
    stream: str,
    entradas: Iterable[Mapping[Any, Any]],
    replicas: int = 0,
    espera_ms: int = ESPERA_DA_REPLICA_MS,
) -> None:
    """XADD every entry; with `replicas`, WAIT for them in the same round trip, or raise.

    WAIT counts only the writes of its own connection, so it goes in the same pipeline as the
    XADDs (a retried pipeline sends both again, on one new connection). Under Sentinel it fails
    closed: a master with no replica in sync (one that came back before the sentinels demoted it,
    or whose replica is down) gets the entries, but the caller must not count them as published:
    a failover could drop them. They go again later; consumers deduplicate on event_id. Without
    Sentinel (the default topology) the bus is one node and nothing is waited for.
    """
    pipe = bus.pipeline(transaction=False)
    for campos in entradas:
        pipe.xadd(stream, cast(dict[Any, Any], dict(campos)))
    if replicas:
        pipe.wait(replicas, espera_ms)
    resultados = pipe.execute()
    if replicas and cast(int, resultados[-1]) < replicas:
        raise ReplicaNaoConfirmou(f"no replica acknowledged the batch within {espera_ms} ms")
