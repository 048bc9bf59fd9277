"""The request id and W3C traceparent of the work in progress, for logs and new events."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

_REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_TRACEPARENT_PATTERN = re.compile(r"^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
traceparent_var: ContextVar[str | None] = ContextVar("traceparent", default=None)


def accepted_request_id(candidate: str | None) -> str:
    """Keep a well-formed incoming request id (Nginx sets one), otherwise make a new one."""
    if candidate and _REQUEST_ID_PATTERN.match(candidate):
        return candidate
    return uuid.uuid4().hex


def accepted_traceparent(candidate: str | None) -> str | None:
    """Keep a syntactically valid W3C traceparent header, drop anything else."""
    if candidate and _TRACEPARENT_PATTERN.match(candidate.strip().lower()):
        return candidate.strip().lower()
    return None


def current_request_id() -> str | None:
    """The request (correlation) id of the work in progress, if any."""
    return request_id_var.get()


def current_traceparent() -> str | None:
    """The traceparent of the work in progress, if any."""
    return traceparent_var.get()
