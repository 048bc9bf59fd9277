"""Start-up helpers: wait for a store to answer, then hand the process over to gunicorn."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from .logs import configure_logging
from .migrations import upgrade_to_head
from .segredos import exigir_segredos
from .stores import create_engine

log = logging.getLogger(__name__)


def start(process: str) -> None:
    """The first step of every app and worker: JSON logs, then the secrets check of production mode."""
    configure_logging(process)
    exigir_segredos()


def wait_until_ready(what: str, attempt: Callable[[], object], timeout_s: float = 120.0) -> None:
    """Retry `attempt` until it succeeds or the timeout passes (containers start in any order)."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            attempt()
            return
        except Exception as exc:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not become ready in {timeout_s:.0f}s: {exc}") from exc
            log.info("waiting for store", extra={"store": what, "error": str(exc).splitlines()[0]})
            time.sleep(1.0)


def migrate_when_ready(database_url: str, versions_dir: Path, store: str) -> None:
    """Wait for the database to accept connections, then bring its schema to head."""
    engine = create_engine(database_url)
    try:
        wait_until_ready(store, lambda: engine.connect().close())
    finally:
        engine.dispose()
    upgrade_to_head(database_url, versions_dir)


def exec_gunicorn(app_spec: str) -> None:
    """Replace this process with gunicorn serving `app_spec` with the shared configuration."""
    conf = "python:confeitaria_shared.gunicorn_conf"
    os.execvp("gunicorn", ["gunicorn", "--config", conf, app_spec])
