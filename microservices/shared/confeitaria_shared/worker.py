"""The worker process of a service: relays its outbox and consumes the shared stream."""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

import redis

from .boot import start
from .config import StreamSettings, env_secret
from .consumer import StreamConsumer
from .inbox import BatchDispatcher, BatchHandler, Handler, TransactionalDispatcher
from .listen import Listener
from .outbox import OUTBOX_CHANNEL, OutboxRelay
from .redis_inbox import RedisDispatcher, RedisHandler
from .replicacao import replicas_exigidas
from .stores import engine_options, redis_client

log = logging.getLogger(__name__)

HEARTBEAT_DIR = Path("/tmp/heartbeat")


def worker_engine(url: str, durable: bool = True) -> sa.Engine:
    """An engine for a worker's loops: no ping per checkout, and optionally no wait for the WAL flush.

    Every loop already retries a failed statement (the consumer waits for its store, the relay
    and the periodic tasks try again), so a connection a restarted database broke costs one
    retry instead of a round trip before every transaction. `durable=False` is only for
    transactions whose loss in a crash is harmless, such as the relay's "published" mark: lost,
    the rows are published again and the consumers' inbox absorbs the duplicates.
    """
    options = engine_options(ping=False)
    if not durable:
        options["connect_args"] = {**options["connect_args"], "options": "-c synchronous_commit=off"}
    return sa.create_engine(url, **options)


def heartbeat_for(loop: str) -> Callable[[], None]:
    """A function that records that `loop` is alive (read by the container healthcheck)."""
    path = HEARTBEAT_DIR / loop

    def beat() -> None:
        HEARTBEAT_DIR.mkdir(parents=True, exist_ok=True)
        path.touch()

    return beat


def run_relay(relay: OutboxRelay, stop: threading.Event, idle_wait_s: float = 10.0) -> None:
    """Publish the outbox continuously; a lost database or bus is retried, never fatal.

    An idle relay sleeps on LISTEN: a commit with outbox rows wakes it at once, so the timeout is
    only a safety net (kept under the heartbeat's 30 s). Rows the bus refused are retried in 1 s.
    """
    beat = heartbeat_for("relay")
    listener: Listener | None = None
    while not stop.is_set():
        beat()
        try:
            listener = listener or Listener(relay.engine, OUTBOX_CHANNEL)
            if relay.relay_batch() == 0:
                listener.wait(1.0 if relay.bus_failed else idle_wait_s)
        except Exception:  # noqa: BLE001 - keep relaying once the store is back
            log.warning("outbox relay failed; retrying", exc_info=True)
            if listener is not None:
                listener.close()
                listener = None
            stop.wait(1.0)


def run_consumer(consumer: StreamConsumer) -> None:
    """Consume until stopped, restarting the loop after unexpected errors."""
    beat = heartbeat_for("consumer")
    while not consumer.stop_event.is_set():
        try:
            consumer.run(heartbeat=beat)
        except Exception:
            log.exception("consumer loop failed; restarting")
            consumer.stop_event.wait(1.0)


def consumer_name(service: str) -> str:
    """A consumer name unique per process: host name (container id) and pid."""
    return f"{service}-{socket.gethostname()}-{os.getpid()}"


def run_worker(
    relay: OutboxRelay | None, consumer: StreamConsumer | None, extra: Sequence[threading.Thread] = ()
) -> None:
    """Run the relay, the consumer and any extra loops side by side until SIGTERM or SIGINT."""
    stop = consumer.stop_event if consumer else threading.Event()

    def _stop(signum: int, _frame: object) -> None:
        log.info("worker stopping", extra={"signal": signum})
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    threads = []
    if relay is not None:
        threads.append(threading.Thread(target=run_relay, args=(relay, stop), name="relay"))
    if consumer is not None:
        threads.append(threading.Thread(target=run_consumer, args=(consumer,), name="consumer"))
    threads.extend(extra)
    for thread in threads:
        thread.start()
    log.info("worker started", extra={"loops": [t.name for t in threads]})
    while any(thread.is_alive() for thread in threads):
        for thread in threads:
            thread.join(timeout=0.5)


@dataclass(frozen=True)
class PeriodicTask:
    """A job the worker runs every `interval_s` seconds."""

    name: str
    interval_s: float
    run: Callable[[], None]


def in_transaction(sessions: sessionmaker[Session], job: Callable[[Session], object]) -> Callable[[], None]:
    """Wrap a job that needs a session so that each run is one committed transaction."""

    def run() -> None:
        with sessions() as session, session.begin():
            job(session)

    return run


def run_periodic(task: PeriodicTask, stop: threading.Event) -> None:
    """Run the task on its interval until stopped; failures are logged and retried next time."""
    beat = heartbeat_for(task.name)
    beat()
    while not stop.wait(task.interval_s):
        beat()
        try:
            task.run()
        except Exception:  # noqa: BLE001 - the next round retries
            log.warning("periodic task failed", extra={"task": task.name}, exc_info=True)


def periodic_threads(tasks: Sequence[PeriodicTask], stop: threading.Event) -> list[threading.Thread]:
    """One thread per periodic task, stopping with `stop`."""
    return [threading.Thread(target=run_periodic, args=(task, stop), name=task.name) for task in tasks]


def serve_worker(
    service: str,
    handlers: Mapping[str, Handler],
    relay: bool = True,
    periodic: Callable[[sessionmaker[Session]], Sequence[PeriodicTask]] = lambda _sessions: (),
    batch_handler: BatchHandler | None = None,
) -> None:
    """Entry point of a PostgreSQL service's worker: outbox relay, consumer group, periodic tasks.

    Every read from the stream is applied in one transaction: through `handlers` with one inbox
    insert for the read, or through `batch_handler` (no inbox rows: its own unique keys make a
    redelivery harmless).
    """
    start(f"{service}-worker")
    stream = StreamSettings.from_env()
    engine = worker_engine(env_secret("DATABASE_URL"))
    sessions = sessionmaker(engine)
    bus = redis_client(stream.bus)
    name = consumer_name(service)
    if batch_handler is not None:
        batches = BatchDispatcher(sessions, batch_handler)
        consumer = StreamConsumer(bus, stream, service, name, batches, handle_batch=batches.batch)
    else:
        dispatcher = TransactionalDispatcher(sessions, service, handlers)
        consumer = StreamConsumer(bus, stream, service, name, dispatcher, handle_batch=dispatcher.batch)
    extra = periodic_threads(periodic(sessions), consumer.stop_event)
    relay_engine = worker_engine(env_secret("DATABASE_URL"), durable=False) if relay else None
    replicas = replicas_exigidas(bool(stream.bus.sentinels))
    outbox_relay = OutboxRelay(relay_engine, bus, stream.stream, replicas=replicas) if relay_engine else None
    run_worker(outbox_relay, consumer, extra)


# A Redis-only worker's own loops (its local relay, say), given the bus, the stream settings and the stop.
RedisLoops = Callable[[redis.Redis, StreamSettings, threading.Event], Sequence[threading.Thread]]


def serve_redis_worker(
    service: str,
    store: redis.Redis,
    handlers: Mapping[str, RedisHandler],
    periodic: Sequence[PeriodicTask] = (),
    loops: RedisLoops = lambda _bus, _stream, _stop: (),
) -> None:
    """Entry point of a Redis-only service's worker: consumer group with a Redis inbox, loops, periodic tasks.

    The caller has started the process (`start`) and opened its store from its settings: the worker's
    effects and its dedupe markers live in `store`, and no outbox table exists to relay.
    """
    stream = StreamSettings.from_env()
    bus = redis_client(stream.bus)
    dispatcher = RedisDispatcher(store, service, handlers)
    consumer = StreamConsumer(bus, stream, service, consumer_name(service), dispatcher)
    stop = consumer.stop_event
    run_worker(None, consumer, [*loops(bus, stream, stop), *periodic_threads(periodic, stop)])
