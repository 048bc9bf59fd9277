"""Connections to PostgreSQL and Redis, configured for containers that restart."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

import redis


def engine_options() -> dict[str, Any]:
    """SQLAlchemy engine options: ping before use (databases restart) and fail fast."""
    return {
        "pool_pre_ping": True,
        # As many kept connections as a web process has threads (WEB_THREADS): with fewer, each
        # burst closed the overflow connections and the next one opened them again (py-spy: 5%
        # of a product read was connecting).
        "pool_size": 8,
        "max_overflow": 4,
        "pool_timeout": 5,
        "connect_args": {"connect_timeout": 3},
    }


def create_engine(url: str) -> sa.Engine:
    """An engine for one PostgreSQL database with the project's options."""
    return sa.create_engine(url, **engine_options())


def create_reader_engine(url: str) -> sa.Engine:
    """An engine for single-statement reads that the caller retries once on a dropped connection.

    It skips what a read alone does not need, each a round trip per request: the ping when a
    connection leaves the pool (connections are recycled every few minutes instead, and the first
    disconnect seen makes the pool drop every connection opened before it), and the BEGIN and
    ROLLBACK around each read (autocommit: each statement sees its own snapshot).
    """
    options = {**engine_options(), "pool_recycle": 300, "isolation_level": "AUTOCOMMIT"}
    del options["pool_pre_ping"]
    return sa.create_engine(url, **options)


def redis_client(url: str) -> redis.Redis:
    """A Redis client that decodes text and gives up quickly when the server is gone."""
    return redis.Redis.from_url(
        url,
        decode_responses=True,
        socket_connect_timeout=2,
        socket_timeout=5,
        health_check_interval=15,
        retry_on_timeout=False,
    )
