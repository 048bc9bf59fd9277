"""The clock the use cases date their events with (the envelope's format: ISO 8601 in UTC)."""

from __future__ import annotations

from datetime import UTC, datetime


def agora() -> str:
    """The current instant, as an event's `occurred_at`."""
    return datetime.now(UTC).isoformat()
