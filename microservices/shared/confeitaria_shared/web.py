"""Wires the shared HTTP plumbing into a service's Flask app."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import orjson
from flask import Flask, Response, request
from flask.json.provider import DefaultJSONProvider

from .cabecalhos import install_cors, install_security_headers
from .context import accepted_request_id, accepted_traceparent, request_id_var, traceparent_var
from .entrada import recusar_controles
from .errors import register_error_handlers
from .faults import install_faults
from .health import Check, health_blueprint, redis_check
from .metrics import instrument
from .segredos import verificar_segredos
from .sentinela import RedisTarget
from .stores import redis_client

log = logging.getLogger("confeitaria.access")

MAX_BODY_BYTES = 1024 * 1024


# Datetimes go through `default`, so they render as Flask renders them; int keys are allowed.
_ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS


class MoneyJSONProvider(DefaultJSONProvider):
    """Render Decimal money as a JSON number (45.9), as users of the API already expect, with orjson."""

    sort_keys = False
    ensure_ascii = False

    @staticmethod
    def default(o: Any) -> Any:
        """Numbers for Decimal; everything else as Flask does."""
        if isinstance(o, Decimal):
            return float(o)
        return DefaultJSONProvider.default(o)

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        """Serialise with orjson (keyword options of the standard encoder do not apply)."""
        return orjson.dumps(obj, default=self.default, option=_ORJSON_OPTIONS).decode()

    def response(self, *args: Any, **kwargs: Any) -> Response:
        """A JSON response whose body orjson writes straight as bytes."""
        body = orjson.dumps(
            self._prepare_response_obj(args, kwargs), default=self.default, option=_ORJSON_OPTIONS
        )
        return Response(body + b"\n", mimetype=self.mimetype)


def install_plumbing(
    app: Flask,
    service: str,
    checks: Mapping[str, Check],
    informational: Mapping[str, Check] | None = None,
    rollback: Callable[[], Any] | None = None,
) -> None:
    """Secrets check, request ids, errors, CORS, headers, control characters, health and metrics.

    With EVENT_BUS_URL set, the bus is checked by /ready too (informational unless in `checks`).
    """
    verificar_segredos()
    informational = dict(informational or {})
    bus = RedisTarget.from_env_or_none("EVENT_BUS")
    if bus and "event_bus" not in checks:
        informational.setdefault("event_bus", redis_check(redis_client(bus)))
    app.config.setdefault("MAX_CONTENT_LENGTH", MAX_BODY_BYTES)
    app.json = MoneyJSONProvider(app)
    install_cors(app)
    install_security_headers(app)

    @app.before_request
    def _bind_request_context() -> None:
        request_id_var.set(accepted_request_id(request.headers.get("X-Request-ID")))
        traceparent_var.set(accepted_traceparent(request.headers.get("traceparent")))

    app.before_request(recusar_controles)  # after the request id is bound: its 400 carries it

    @app.after_request
    def _answer_with_request_id(response: Response) -> Response:
        request_id = request_id_var.get()
        if request_id:
            response.headers["X-Request-ID"] = request_id
        if request.path not in ("/health", "/metrics"):
            log.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                },
            )
        return response

    if bus:
        # Staff fault toggles (PUT /api/falhas/<service>); readiness fails while one says so.
        toggles = install_faults(app, service, redis_client(bus))
        checks = {**checks, "falhas": toggles.readiness_check}
    register_error_handlers(app, rollback)
    app.register_blueprint(health_blueprint(service, checks, informational))
    instrument(app, service)
