"""`/health` (the process answers) and `/ready` (its stores really answer), plus the usual checks."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

import sqlalchemy as sa
from flask import Blueprint, Response

import redis

from .errors import error_response
from .responses import ok

Check = Callable[[], None]


def database_check(engine: sa.Engine) -> Check:
    """A check that runs `SELECT 1` on the engine."""

    def check() -> None:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))

    return check


def redis_check(client: redis.Redis) -> Check:
    """A check that PINGs a Redis server."""

    def check() -> None:
        client.ping()

    return check


def run_checks(checks: Mapping[str, Check]) -> dict[str, dict[str, object]]:
    """Run each check, timing it and catching its failure."""
    results: dict[str, dict[str, object]] = {}
    for name, check in checks.items():
        started = time.perf_counter()
        try:
            check()
            results[name] = {"ok": True}
        except Exception as exc:  # noqa: BLE001 - a failing dependency is the answer, not a crash
            results[name] = {"ok": False, "error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"}
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return results


def health_blueprint(
    service: str, checks: Mapping[str, Check], informational: Mapping[str, Check] | None = None
) -> Blueprint:
    """Routes /health and /ready: `checks` must pass to be ready, `informational` are only shown.

    A dependency the service's requests can do without (the event bus, for services that write
    events through their outbox) is informational: it is checked and reported, and ready stays true.
    """
    informational = informational or {}
    bp = Blueprint("health", __name__)

    @bp.get("/health")
    def health() -> tuple[Response, int]:
        return ok({"status": "ok", "service": service})

    @bp.get("/ready")
    def ready() -> tuple[Response, int]:
        results = run_checks(checks)
        degraded = run_checks(informational)
        if all(result["ok"] for result in results.values()):
            status = "ready" if all(r["ok"] for r in degraded.values()) else "degraded"
            return ok({"status": status, "service": service, "checks": {**results, **degraded}})
        return error_response(503, "NAO_PRONTO", f"{service} não está pronto", checks={**results, **degraded})

    return bp
