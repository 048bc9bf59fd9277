"""Connections to PostgreSQL and Redis, configured for containers that restart."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

import redis

from .sentinela import RedisTarget, master_client


def engine_options(ping: bool = True) -> dict[str, Any]:
    """SQLAlchemy engine options: fail fast, and ping before use unless the caller retries.

    Without the ping (a round trip per checkout of a connection) connections are recycled every
    few minutes instead, and the first disconnect seen makes the pool drop every connection
    opened before it: the caller's one retry gets a live one.
    """
    return {
        **({"pool_pre_ping": True} if ping else {"pool_recycle": 300}),
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

    No ping before each use, and no BEGIN and ROLLBACK around each read (autocommit: each
    statement sees its own snapshot): each was a round trip per request.
    """
    return sa.create_engine(url, **engine_options(ping=False), isolation_level="AUTOCOMMIT")


def redis_client(
    target: RedisTarget | str, socket_timeout: float = 5.0, socket_connect_timeout: float = 2.0
) -> redis.Redis:
    """A Redis client that decodes text and gives up quickly when the server is gone.

    Under Sentinel (a target with sentinels), a client of the current master that follows a
    failover; otherwise a client of the URL's one node.
    """
    target = RedisTarget(target) if isinstance(target, str) else target
    options: dict[str, Any] = {
        "decode_responses": True,
        "socket_connect_timeout": socket_connect_timeout,
        "socket_timeout": socket_timeout,
        "health_check_interval": 15,
        "retry_on_timeout": False,
    }
    if target.sentinels:
        return master_client(target, options)
    return redis.Redis.from_url(target.url, **options)
