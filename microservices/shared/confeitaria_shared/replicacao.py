"""Publishing to the bus so that a failover cannot lose it: the batch counts once its replica has it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

import redis

# How long a batch waits for the replica's acknowledgement (WAIT), in milliseconds.
ESPERA_DA_REPLICA_MS = 1000
# A replica that has not acknowledged anything for longer (paused, cut off) is not waited for: the
# relay works as with a single node until the master drops it, instead of stalling every batch.
# Replicas acknowledge every second, so a healthy one shows 0 or 1.
ATRASO_MAXIMO_S = 5


class ReplicaNaoConfirmou(redis.RedisError):
    """The master took the batch but its replica did not acknowledge it in time: publish it again."""


def replicas_em_dia(info: Mapping[str, Any]) -> int:
    """How many replicas of a master's INFO replication are online and recently heard from."""
    return sum(
        1
        for chave, replica in info.items()
        if chave.startswith("slave")
        and isinstance(replica, Mapping)
        and replica.get("state") == "online"
        and int(replica.get("lag", 0)) <= ATRASO_MAXIMO_S
    )


def xadd_replicado(
    bus: redis.Redis,
    stream: str,
    entradas: Iterable[Mapping[Any, Any]],
    espera_ms: int = ESPERA_DA_REPLICA_MS,
) -> int:
    """XADD every entry, then WAIT for one replica when the master has one; return how many acked.

    Raises ReplicaNaoConfirmou when a replica is connected and none acknowledged: a failover now
    could promote it without these entries, so the caller must not count them as published (they
    go again; consumers deduplicate on event_id). A master without a replica (the default
    topology, or its replica down) returns 0 at once: the batch is as safe as that node's
    append-only file, and a second failure could lose it.
    """
    pipe = bus.pipeline(transaction=False)
    for campos in entradas:
        pipe.xadd(stream, cast(dict[Any, Any], dict(campos)))
    # Asked in the same round trip: WAIT with no replica would block for its whole timeout.
    pipe.info("replication")
    *_, info = pipe.execute()
    if replicas_em_dia(info) == 0:
        return 0
    confirmadas = cast(int, bus.wait(1, espera_ms))
    if confirmadas < 1:
        raise ReplicaNaoConfirmou(f"no replica acknowledged the batch within {espera_ms} ms")
    return confirmadas
