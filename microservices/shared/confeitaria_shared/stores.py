"""Connections to PostgreSQL and Redis, configured for containers that restart."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

import redis


def engine_options() -> dict[str, Any]:
    """SQLAlchemy engine options: ping before use (databases restart) and fail fast."""
    return {
        "pool_pre_ping": True,
        "pool_size": 5,
        "max_overflow": 5,
        "pool_timeout": 5,
        "connect_args": {"connect_timeout": 3},
    }


def create_engine(url: str) -> sa.Engine:
    """An engine for one PostgreSQL database with the project's options."""
    return sa.create_engine(url, **engine_options())


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
