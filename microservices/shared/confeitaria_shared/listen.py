"""A PostgreSQL connection that LISTENs on one channel, for loops that sleep until notified."""

from __future__ import annotations

import contextlib
import select
from typing import Any, cast

import sqlalchemy as sa


class Listener:
    """A connection of its own, LISTENing on `channel` from the moment it is made.

    Listen first, then look: a change committed between an empty look and a fresh LISTEN would
    notify nobody and wait for the timeout.
    """

    def __init__(self, engine: sa.Engine, channel: str) -> None:
        self._raw = engine.raw_connection()
        self._dbapi: Any = cast(Any, self._raw.driver_connection)
        self._dbapi.autocommit = True
        with self._dbapi.cursor() as cursor:
            cursor.execute(f"LISTEN {channel}")

    def wait(self, timeout_s: float) -> list[str]:
        """Sleep until notified (or already notified) or the timeout passes; the payloads received.

        Raises the driver's error once the server is gone.
        """
        self._dbapi.poll()
        if not self._dbapi.notifies:
            select.select([self._dbapi], [], [], timeout_s)
            self._dbapi.poll()
        payloads = [notify.payload for notify in self._dbapi.notifies]
        self._dbapi.notifies.clear()
        return payloads

    def close(self) -> None:
        """Give the connection back (invalidated: it still LISTENs)."""
        with contextlib.suppress(Exception):  # already broken
            self._raw.invalidate()
