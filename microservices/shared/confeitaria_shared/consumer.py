"""Stream consumer: consumer groups, ack after effect, claiming dead consumers' entries, dead letters."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy.exc import InterfaceError, OperationalError

import redis

from .config import StreamSettings
from .envelope import EventEnvelope, MalformedEventError

log = logging.getLogger(__name__)

# A store that does not answer says nothing about the event: waiting for it costs no delivery.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, redis.ConnectionError, redis.TimeoutError)
EventCallback = Callable[[EventEnvelope], None]
BatchCallback = Callable[[list[EventEnvelope]], None]
Entry = tuple[str, dict[str, str]]


def ensure_group(bus: redis.Redis, stream: str, group: str) -> None:
    """Create the group at the stream's start (not at `$`), so no earlier event is skipped."""
    try:
        bus.xgroup_create(stream, group, id="0", mkstream=True)
    except redis.ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


@dataclass
class StreamConsumer:
    """One consumer of a group: reads, applies each event once, acknowledges after the effect."""

    bus: redis.Redis
    settings: StreamSettings
    group: str
    name: str
    handle: EventCallback
    # Applies a whole read at once (one transaction); a failing batch falls back to one by one.
    handle_batch: BatchCallback | None = None
    stop_event: threading.Event = field(default_factory=threading.Event)
    _last_claim: float = 0.0
    _heartbeat: Callable[[], None] = field(default=lambda: None)

    def _wants(self, event_type: str) -> bool:
        # A dispatcher that says which types it handles spares the others any work (the cart's,
        # the orders' and the catalog's handle a few of the stream's types); else it sees all.
        handles = getattr(self.handle, "handles", None)
        return True if handles is None else bool(handles(event_type))

    def run(self, heartbeat: Callable[[], None] = lambda: None) -> None:
        """Consume until stopped; a lost bus connection is retried, never fatal."""
        self._heartbeat = heartbeat
        while not self.stop_event.is_set():
            try:
                heartbeat()
                self.poll_once()
            except (redis.ConnectionError, redis.TimeoutError) as exc:
                # A timeout too: a frozen (paused) master answers nothing until Sentinel replaces it.
                log.warning("event bus unreachable, retrying", extra={"error": str(exc)})
                self.stop_event.wait(1.0)
            except redis.ResponseError as exc:
                if "NOGROUP" not in str(exc):
                    raise
                # The stream vanished (bus restarted without its data): recreate the group.
                ensure_group(self.bus, self.settings.stream, self.group)

    def poll_once(self, block_ms: int | None = None) -> int:
        """Reclaim stale entries when due, then read and handle new ones; return how many were handled."""
        ensure_group_once = not self._last_claim
        if ensure_group_once:
            ensure_group(self.bus, self.settings.stream, self.group)
        handled = 0
        if time.monotonic() - self._last_claim >= self.settings.claim_idle_ms / 2000:
            handled += self.reclaim_stale()
            self._last_claim = time.monotonic()
        response = self._bus.xreadgroup(
            self.group,
            self.name,
            {self.settings.stream: ">"},
            count=self.settings.batch_size,
            block=self.settings.block_ms if block_ms is None else block_ms,
        )
        for _stream, entries in response or []:
            handled += self._process_read(entries)
        return handled

    def reclaim_stale(self) -> int:
        """Take over entries idle past claim_idle_ms (a dead consumer's or failed ones)."""
        self._dead_letter_exhausted()
        self.forget_departed_consumers()
        handled = 0
        cursor = "0-0"
        while True:
            cursor, entries, deleted = self._bus.xautoclaim(
                self.settings.stream,
                self.group,
                self.name,
                min_idle_time=self.settings.claim_idle_ms,
                start_id=cursor,
                count=self.settings.batch_size,
            )[:3]
            for entry_id in deleted:
                # Trimmed while pending: the event is gone from the stream. Say so loudly.
                log.error("pending entry was trimmed before it was handled", extra={"entry_id": entry_id})
                self.bus.xack(self.settings.stream, self.group, entry_id)
            handled += self._process_read(entries)
            if cursor in ("0-0", b"0-0"):
                return handled

    def forget_departed_consumers(self, idle_ms: int = 3_600_000) -> list[str]:
        """Delete group members idle for `idle_ms` with nothing pending (restarted processes)."""
        departed = [
            info["name"]
            for info in self._bus.xinfo_consumers(self.settings.stream, self.group)
            if info["pending"] == 0 and info["idle"] >= idle_ms and info["name"] != self.name
        ]
        for name in departed:
            self._bus.xgroup_delconsumer(self.settings.stream, self.group, name)
        return departed

    def _dead_letter_exhausted(self) -> None:
        """Move entries delivered max_deliveries times (and idle) to the dead-letter stream."""
        pending = self._bus.xpending_range(
            self.settings.stream,
            self.group,
            min="-",
            max="+",
            count=self.settings.batch_size,
            idle=self.settings.claim_idle_ms,
        )
        for item in pending:
            if item["times_delivered"] >= self.settings.max_deliveries:
                entry_id = item["message_id"]
                entries = self._bus.xrange(self.settings.stream, min=entry_id, max=entry_id)
                fields = entries[0][1] if entries else {}
                error = self._bus.hget(self._errors_key, entry_id) or "unknown error"
                self._dead_letter(entry_id, fields, error, item["times_delivered"])

    def _process_read(self, entries: list[Entry]) -> int:
        """Handle one read, then acknowledge in one round trip all it applied or had no use for."""
        done: list[str] = []
        wanted: list[tuple[str, EventEnvelope]] = []
        for entry_id, fields in entries:
            try:
                event = EventEnvelope.from_stream_fields(fields)
            except MalformedEventError as exc:
                # No delivery can fix a malformed entry: straight to the dead letters.
                self._dead_letter(entry_id, fields, f"malformed: {exc}", 1)
                continue
            if self._wants(event.type):
                wanted.append((entry_id, event))
            else:
                # A type this consumer does not handle costs no transaction, only its share of the ack.
                done.append(entry_id)
        done += self._apply(wanted)
        self._acknowledge(*done)
        return len(done)

    def _apply(self, wanted: list[tuple[str, EventEnvelope]]) -> list[str]:
        """Apply the events, together when the consumer can; the ids of those applied."""
        if self.handle_batch is not None and len(wanted) > 1:
            try:
                self.handle_batch([event for _id, event in wanted])
                return [entry_id for entry_id, _event in wanted]
            except Exception:  # noqa: BLE001 - any failure: the entries are retried alone below
                # The batch rolled back whole; one bad event must not hold back the others.
                log.warning("batch failed; handling its entries one by one", exc_info=True)
        return [entry_id for entry_id, event in wanted if self._apply_alone(entry_id, event)]

    def _apply_alone(self, entry_id: str, event: EventEnvelope) -> bool:
        """Apply one event; on failure record why and leave it pending for a later delivery."""
        try:
            self._handle_when_stores_answer(event)
        except Exception as exc:
            log.exception(
                "handler failed; entry stays pending",
                extra={"entry_id": entry_id, "event_id": event.event_id, "event_type": event.type},
            )
            self.bus.hset(self._errors_key, entry_id, f"{type(exc).__name__}: {exc}"[:1000])
            return False
        return True

    def _handle_when_stores_answer(self, event: EventEnvelope) -> None:
        """Apply the event, waiting here while its store is unreachable (no redelivery is spent)."""
        while True:
            try:
                self.handle(event)
                return
            except TRANSIENT_ERRORS as exc:
                log.warning(
                    "store unreachable; retrying the event",
                    extra={"event_id": event.event_id, "error": str(exc)[:200]},
                )
                self._heartbeat()
                if self.stop_event.wait(1.0):
                    raise

    def _acknowledge(self, *entry_ids: str) -> None:
        if not entry_ids:
            return
        pipe = self.bus.pipeline(transaction=True)
        pipe.xack(self.settings.stream, self.group, *entry_ids)
        pipe.hdel(self._errors_key, *entry_ids)
        pipe.execute()

    def _dead_letter(self, entry_id: str, fields: dict[Any, Any], error: str, deliveries: int) -> None:
        record: dict[Any, Any] = {str(k): str(v) for k, v in fields.items()}
        record.update(
            {
                "dlq_original_id": str(entry_id),
                "dlq_stream": self.settings.stream,
                "dlq_group": self.group,
                "dlq_consumer": self.name,
                "dlq_error": str(error),
                "dlq_deliveries": str(deliveries),
                "dlq_at": str(time.time()),
            }
        )
        pipe = self.bus.pipeline(transaction=True)
        pipe.xadd(self.settings.dead_letter_stream, record)
        pipe.xack(self.settings.stream, self.group, entry_id)
        pipe.hdel(self._errors_key, entry_id)
        pipe.execute()
        log.error("entry moved to the dead-letter stream", extra={"entry_id": entry_id, "error": error})

    @property
    def _bus(self) -> Any:
        # redis-py types every command as sync-or-async; this client is synchronous.
        return cast(Any, self.bus)

    @property
    def _errors_key(self) -> str:
        return f"{self.settings.stream}:erros:{self.group}"
