"""The cart worker: relays cart events, consumes catalog and order events, reports abandoned carts."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, cast

import redis
from confeitaria_shared.boot import start
from confeitaria_shared.config import StreamSettings
from confeitaria_shared.consumer import StreamConsumer
from confeitaria_shared.redis_inbox import RedisDispatcher
from confeitaria_shared.replicacao import replicas_exigidas, xadd_replicado
from confeitaria_shared.stores import redis_client
from confeitaria_shared.worker import PeriodicTask, consumer_name, heartbeat_for, periodic_threads, run_worker

from . import chaves
from .config import CarrinhoSettings
from .eventos import evento_json
from .handlers import HANDLERS

log = logging.getLogger(__name__)


# The local relay: at most LOTE events a time, gathering for JUNTAR_S while busy, and blocked for
# up to ESPERA_MS on the stream while idle.
LOTE = 200
JUNTAR_S = 0.2
ESPERA_MS = 2000


def relay_local(
    cache: redis.Redis, bus: redis.Redis, stream: str, replicas: int = 0, lote: int = LOTE
) -> int:
    """Move cart events from the cart's Redis to the shared bus (a crash repeats, never loses)."""
    entradas = cast(list[Any], cache.xrange(chaves.EVENTOS_LOCAIS, count=lote))
    if not entradas:
        return 0
    # Under Sentinel only once the bus's replica has them: a failover must not lose what left the
    # cart's Redis. ReplicaNaoConfirmou keeps them here for the next pass.
    xadd_replicado(bus, stream, (campos for _id, campos in entradas), replicas)
    cache.xdel(chaves.EVENTOS_LOCAIS, *[entry_id for entry_id, _ in entradas])
    return len(entradas)


def run_relay_local(
    cache: redis.Redis, bus: redis.Redis, stream: str, replicas: int, stop: threading.Event
) -> None:
    """Relay continuously; with the bus down the events wait in the cart's Redis."""
    beat = heartbeat_for("relay")
    while not stop.is_set():
        beat()
        try:
            movidos = relay_local(cache, bus, stream, replicas)
            if movidos == 0:
                # Idle: blocked on the stream until the next event, not polling it every 0.2 s
                # (that was a fifth of the idle stack's CPU). Under the client's 5 s socket
                # timeout, so the loop's heartbeat stays fresh.
                cache.xread({chaves.EVENTOS_LOCAIS: "0-0"}, count=1, block=ESPERA_MS)
            elif movidos < LOTE:
                # Busy: let the next batch gather. Relaying each add as it came cost the cart a
                # third of its add rate (make bench: 868 → 546 req/s, back to 870 with this).
                stop.wait(JUNTAR_S)
        except redis.RedisError:
            log.warning("cart event relay failed; retrying", exc_info=True)
            stop.wait(1.0)


def abandonados(cache: redis.Redis) -> int:
    """Emit CarrinhoAbandonado for carts with items whose session expired."""
    vencidos = cast(list[str], cache.zrangebyscore(chaves.COM_ITENS, "-inf", time.time(), start=0, num=200))
    emitidos = 0
    for session_id in vencidos:
        if cache.exists(chaves.carrinho(session_id)):
            continue  # renewed meanwhile
        # Only the worker whose ZREM succeeds reports it.
        if cache.zrem(chaves.COM_ITENS, session_id):
            cache.xadd(chaves.EVENTOS_LOCAIS, {"evento": evento_json("CarrinhoAbandonado", session_id, {})})
            emitidos += 1
    return emitidos


def main() -> None:
    """Run the consumer, the local relay and the abandoned-cart sweep until stopped."""
    start("carrinho-worker")
    settings = CarrinhoSettings.from_env()
    stream = StreamSettings.from_env()
    cache, bus = redis_client(settings.redis), redis_client(stream.bus)
    dispatcher = RedisDispatcher(cache, "carrinho", HANDLERS)
    consumer = StreamConsumer(bus, stream, "carrinho", consumer_name("carrinho"), dispatcher)
    stop = consumer.stop_event
    replicas = replicas_exigidas(bool(stream.bus.sentinels))
    relay = threading.Thread(
        target=run_relay_local, args=(cache, bus, stream.stream, replicas, stop), name="relay"
    )

    def varrer() -> None:
        abandonados(cache)

    tarefas = periodic_threads([PeriodicTask("abandonados", 30.0, varrer)], stop)
    run_worker(None, consumer, [relay, *tarefas])


if __name__ == "__main__":
    main()
