"""Idempotent handling for consumers whose effects live in Redis: a dedupe marker per event."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

import redis

from .envelope import EventEnvelope
from .inbox import ALL_EVENTS

log = logging.getLogger(__name__)

RedisHandler = Callable[[EventEnvelope, redis.Redis], None]
DEDUPE_TTL_S = 7 * 24 * 3600

P = TypeVar("P")


def com_porta(
    abrir: Callable[[redis.Redis], P], caso_de_uso: Callable[[EventEnvelope, P], object]
) -> RedisHandler:
    """A use case `caso_de_uso(evento, porta)` as a Redis handler: its port opened on the consumer's Redis.

    The Redis-side twin of `com_unidade`: the use case sees only its port (a repository), never Redis.
    """

    def handler(evento: EventEnvelope, cliente: redis.Redis) -> None:
        caso_de_uso(evento, abrir(cliente))

    return handler


@dataclass
class RedisDispatcher:
    """Runs the handler of an event's type, skipping events this consumer already handled.

    The marker is written after the effect: a crash in between repeats the effect on redelivery
    rather than losing it, so Redis-side handlers are written to be safe to repeat.
    """

    redis: redis.Redis
    consumer: str
    handlers: Mapping[str, RedisHandler]

    def handles(self, event_type: str) -> bool:
        """Whether this consumer has a handler for the type (others are acknowledged untouched)."""
        return event_type in self.handlers or ALL_EVENTS in self.handlers

    def __call__(self, event: EventEnvelope) -> None:
        """Apply the event unless this consumer already did."""
        handler = self.handlers.get(event.type) or self.handlers.get(ALL_EVENTS)
        if handler is None:
            return
        marker = f"inbox:{self.consumer}:{event.event_id}"
        if self.redis.exists(marker):
            log.info("event already handled", extra={"event_id": event.event_id})
            return
        handler(event, self.redis)
        self.redis.set(marker, "1", ex=DEDUPE_TTL_S)
