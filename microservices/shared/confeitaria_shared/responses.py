"""The success envelope users already know: success, data and, for lists, total."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify


def ok(data: Any, status: int = 200, total: int | None = None, **extra: Any) -> tuple[Response, int]:
    """Answer `{"success": true, "data": ...}` with `total` for lists."""
    body: dict[str, Any] = {"success": True, "data": data}
    if total is not None:
        body["total"] = total
    body.update(extra)
    return jsonify(body), status
