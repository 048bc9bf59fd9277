"""The domain event envelope shared by every producer and consumer (ARCHITECTURE.md, Events)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from .context import current_request_id, current_traceparent

SCHEMA_VERSION = 1
STREAM_FIELD = "evento"
_REQUIRED = ("event_id", "type", "aggregate_type", "aggregate_id", "occurred_at", "producer")


class MalformedEventError(ValueError):
    """A stream entry that is not a valid event envelope."""


def _utc_now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass(frozen=True)
class EventEnvelope:
    """One domain event: identity, origin, causality and its data."""

    type: str
    aggregate_type: str
    aggregate_id: str
    data: dict[str, Any]
    producer: str
    version: int = 1
    correlation_id: str | None = None
    causation_id: str | None = None
    traceparent: str | None = None
    event_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    occurred_at: str = field(default_factory=_utc_now)
    schema_version: int = SCHEMA_VERSION

    @property
    def correlation(self) -> str:
        """The chain this event belongs to: its correlation id, or itself when it starts one."""
        return self.correlation_id or self.event_id

    def to_json(self) -> str:
        """Serialise the envelope as compact JSON."""
        # The fields themselves, not asdict's deep copy of them (less than half the cost).
        return json.dumps(self.__dict__, separators=(",", ":"), default=str)

    def to_stream_fields(self) -> dict[Any, Any]:
        """Fields of the Redis stream entry carrying this event."""
        return {STREAM_FIELD: self.to_json(), "type": self.type}

    @classmethod
    def from_dict(cls, raw: Any) -> EventEnvelope:
        """Validate a decoded envelope; raise MalformedEventError when it is not one."""
        if not isinstance(raw, dict):
            raise MalformedEventError("envelope is not a JSON object")
        missing = [name for name in _REQUIRED if not isinstance(raw.get(name), str) or not raw[name]]
        if missing:
            raise MalformedEventError(f"envelope lacks {', '.join(missing)}")
        try:
            uuid.UUID(raw["event_id"])
        except ValueError:
            raise MalformedEventError("event_id is not a UUID") from None
        data = raw.get("data", {})
        if not isinstance(data, dict):
            raise MalformedEventError("data is not a JSON object")
        version = raw.get("version", 1)
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise MalformedEventError("version is not a positive integer")
        known = {name: raw.get(name) for name in ("correlation_id", "causation_id", "traceparent")}
        return cls(
            type=raw["type"],
            aggregate_type=raw["aggregate_type"],
            aggregate_id=raw["aggregate_id"],
            data=data,
            producer=raw["producer"],
            version=version,
            event_id=raw["event_id"],
            occurred_at=raw["occurred_at"],
            schema_version=int(raw.get("schema_version", SCHEMA_VERSION)),
            **{k: str(v) if v is not None else None for k, v in known.items()},
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> EventEnvelope:
        """Parse JSON text into an envelope; raise MalformedEventError on any defect."""
        try:
            raw = json.loads(text)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise MalformedEventError(f"not JSON: {exc}") from None
        return cls.from_dict(raw)

    @classmethod
    def from_stream_fields(cls, fields: dict[Any, Any]) -> EventEnvelope:
        """Read the envelope out of a stream entry's fields."""
        payload = fields.get(STREAM_FIELD) or fields.get(STREAM_FIELD.encode())
        if payload is None:
            raise MalformedEventError(f"entry has no {STREAM_FIELD!r} field")
        return cls.from_json(payload)


def domain_event(
    type: str,
    aggregate_type: str,
    aggregate_id: str | int,
    data: dict[str, Any],
    producer: str,
    version: int = 1,
    cause: EventEnvelope | None = None,
) -> EventEnvelope:
    """A new event that carries the correlation of its cause or of the current request."""
    correlation: str | None
    if cause is not None:
        correlation, traceparent, causation = cause.correlation, cause.traceparent, cause.event_id
    else:
        correlation, traceparent, causation = current_request_id(), current_traceparent(), None
    event = EventEnvelope(
        type=type,
        aggregate_type=aggregate_type,
        aggregate_id=str(aggregate_id),
        data=data,
        producer=producer,
        version=version,
        causation_id=causation,
        traceparent=traceparent,
    )
    # An event born outside any request starts its own correlation.
    return replace(event, correlation_id=correlation or event.event_id)
