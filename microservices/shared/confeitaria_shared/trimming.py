"""Trimming the shared stream: drop only entries every consumer group has acknowledged."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, cast

import redis

log = logging.getLogger(__name__)


def _id(value: Any) -> tuple[int, int]:
    text = value.decode() if isinstance(value, bytes) else str(value)
    ms, _, seq = text.partition("-")
    return int(ms), int(seq or 0)


def _format(entry_id: tuple[int, int]) -> str:
    return f"{entry_id[0]}-{entry_id[1]}"


@dataclass(frozen=True)
class TrimResult:
    """What one trim did: the MINID used (None: nothing known safe to drop) and entries removed."""

    minid: str | None
    removed: int
    groups: int


def oldest_needed_id(bus: redis.Redis, stream: str, group: dict[str, Any]) -> tuple[int, int]:
    """The oldest entry a group still needs: its oldest pending one, else the one after its last read."""
    if int(group["pending"]) > 0:
        summary = cast(Any, bus).xpending(stream, group["name"])
        return _id(summary["min"])
    ms, seq = _id(group["last-delivered-id"])
    return ms, seq + 1


def trim_acknowledged(bus: redis.Redis, stream: str) -> TrimResult:
    """XTRIM MINID at the oldest entry any group still needs (pending or not yet read)."""
    try:
        groups = cast(Any, bus).xinfo_groups(stream)
    except redis.ResponseError:
        return TrimResult(None, 0, 0)  # no stream yet
    if not groups:
        # Nobody has read anything yet: nothing is known to be safe to drop.
        return TrimResult(None, 0, 0)
    minid = _format(min(oldest_needed_id(bus, stream, group) for group in groups))
    # Exact, not `~`: the bound is the rule (approximate trimming would keep whole extra nodes).
    removed = int(cast(Any, bus).xtrim(stream, minid=minid, approximate=False))
    if removed:
        log.info("stream trimmed", extra={"stream": stream, "minid": minid, "removed": removed})
    return TrimResult(minid, removed, len(groups))
