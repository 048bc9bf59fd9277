"""Poll with a deadline instead of sleeping."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def eventually(probe: Callable[[], T], timeout_s: float = 20.0, interval_s: float = 0.1, what: str = "") -> T:
    """Return probe()'s first truthy result, or fail with its last one after the deadline."""
    deadline = time.monotonic() + timeout_s
    last: T = probe()
    while not last:
        if time.monotonic() > deadline:
            raise AssertionError(f"not true after {timeout_s}s: {what or probe!r} (last: {last!r})")
        time.sleep(interval_s)
        last = probe()
    return last
