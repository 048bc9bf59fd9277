"""Gunicorn settings shared by every service (overridable with WEB_WORKERS and WEB_THREADS)."""

from __future__ import annotations

import os
import shutil
from typing import Any

from gunicorn.glogging import Logger
from prometheus_client import multiprocess

bind = "0.0.0.0:5000"
workers = int(os.environ.get("WEB_WORKERS", "2"))
# Threads are cheap and a checkout with `Prefer: wait` holds one while the saga runs.
threads = int(os.environ.get("WEB_THREADS", "8"))
worker_class = "gthread"
# The app is built once in the master and forked: the workers share its imported code instead of
# each importing everything again (the idle stack's memory). create_app opens no connection and
# starts no thread; pools and threads begin in each worker on first use.
preload_app = True
timeout = 30
graceful_timeout = 20
keepalive = 30
# Request lines as long as the gateway lets through (its 8k header buffers): at gunicorn's default
# (4094) a long query string got gunicorn's own HTML 400, outside the JSON envelope.
limit_request_line = 8190
accesslog = None  # the app logs each request as JSON with its request id
errorlog = "-"
# Gunicorn's own lines and the app's, as JSON on stdout, in the master and every worker.
_json_handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}
logconfig_dict: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "confeitaria_shared.logs.JsonFormatter", "service": os.environ.get("SERVICE", "app")}
    },
    "handlers": {"json": _json_handler},
    "root": {"handlers": ["json"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "gunicorn.error": {"handlers": ["json"], "level": "INFO", "propagate": False},
        # Each request is logged once, by the app, with its request id and status.
        "gunicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
    },
}


class LoggerSemAcesso(Logger):
    """Gunicorn's logger without its access log: the app logs each request itself.

    With a logging dict configured, gunicorn builds every request's access-log fields even when
    nothing will print them (py-spy: 6% of a product read).
    """

    def access(self, resp: Any, req: Any, environ: Any, request_time: Any) -> None:
        """Nothing: see the class."""


logger_class = LoggerSemAcesso


def on_starting(server: Any) -> None:
    """Start with an empty metrics directory: samples of a previous run are not this run's."""
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if path:
        shutil.rmtree(path, ignore_errors=True)
        os.makedirs(path, exist_ok=True)


def child_exit(server: Any, worker: Any) -> None:
    """Drop a dead worker's live gauges from the aggregated metrics."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
