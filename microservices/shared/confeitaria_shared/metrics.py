"""Prometheus metrics per request, correct across gunicorn's worker processes."""

from __future__ import annotations

import os
import time

from flask import Blueprint, Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUESTS = Counter(
    "http_requests_total", "HTTP requests answered", ["service", "method", "endpoint", "status"]
)
LATENCY = Histogram(
    "http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["service", "method", "endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)


def _registry() -> CollectorRegistry:
    # Under gunicorn each worker writes its samples to PROMETHEUS_MULTIPROC_DIR; aggregate them.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    from prometheus_client import REGISTRY

    return REGISTRY


def instrument(app: Flask, service: str) -> None:
    """Count and time every request, and serve them at /metrics."""

    @app.before_request
    def _start_timer() -> None:
        g.metrics_started = time.perf_counter()

    @app.after_request
    def _record(response: Response) -> Response:
        started = g.pop("metrics_started", None)
        # The route pattern, not the raw path, keeps label cardinality bounded.
        endpoint = request.url_rule.rule if request.url_rule else "sem_rota"
        REQUESTS.labels(service, request.method, endpoint, str(response.status_code)).inc()
        if started is not None:
            LATENCY.labels(service, request.method, endpoint).observe(time.perf_counter() - started)
        return response

    bp = Blueprint("metrics", __name__)

    @bp.get("/metrics")
    def metrics() -> Response:
        registry = _registry()
        # Gauges a service reads from its stores at scrape time (the events service's stream health).
        extra = CollectorRegistry()
        for collector in app.extensions.get("metrics_collectors", []):
            extra.register(collector)
        return Response(generate_latest(registry) + generate_latest(extra), mimetype=CONTENT_TYPE_LATEST)

    app.register_blueprint(bp)
