"""Throwaway containers of the project's own PostgreSQL and Redis images, for integration tests."""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa

import redis
from tests.support.compose import REPO_ROOT

# CONFEITARIA_TAG names a set of images of its own, as in docker-compose.yml.
_TAG = os.environ.get("CONFEITARIA_TAG", "dev")
POSTGRES_IMAGE = f"confeitaria/postgres:{_TAG}"
REDIS_IMAGE = f"confeitaria/redis:{_TAG}"


def docker(*args: str) -> str:
    """Run a docker command and return its stdout (raises on failure)."""
    return subprocess.run(["docker", *args], check=True, capture_output=True, text=True).stdout.strip()


def build_store_images() -> None:
    """Build (or reuse from cache) the PostgreSQL and Redis images the stack uses."""
    subprocess.run(
        ["docker", "compose", "build", "catalogo-db", "carrinho-redis"],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
    )


@dataclass
class Container:
    """A running container and the host port its service is published on."""

    id: str
    port: int

    def kill(self) -> None:
        """Stop and remove the container at once."""
        subprocess.run(["docker", "rm", "-f", self.id], capture_output=True, check=False)


@contextmanager
def running(image: str, container_port: int, env: dict[str, str]) -> Iterator[Container]:
    """Run `image` with its port published on a free loopback port; remove it afterwards."""
    env_args = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
    name = f"confeitaria-it-{uuid.uuid4().hex[:8]}"
    container_id = docker(
        "run", "-d", "--rm", "--name", name, "-p", f"127.0.0.1::{container_port}", *env_args, image
    )
    container = Container(container_id, 0)
    try:
        mapping = docker("port", container_id, f"{container_port}/tcp").splitlines()[0]
        container.port = int(mapping.rsplit(":", 1)[1])
        yield container
    finally:
        container.kill()


def wait_for(what: str, attempt: object, timeout_s: float = 60.0) -> None:
    """Call `attempt` until it stops raising, or fail the test after the deadline."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            attempt()  # type: ignore[operator]
            return
        except Exception as exc:
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} not ready after {timeout_s}s: {exc}") from exc
            time.sleep(0.3)


@contextmanager
def postgres_server() -> Iterator[str]:
    """A fresh PostgreSQL server; yields the URL of its admin database."""
    env = {"POSTGRES_USER": "teste", "POSTGRES_PASSWORD": "teste", "POSTGRES_DB": "teste"}
    with running(POSTGRES_IMAGE, 5432, env) as container:
        url = f"postgresql+psycopg2://teste:teste@127.0.0.1:{container.port}/teste"
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        wait_for("postgres", lambda: engine.connect().close())
        yield url


@contextmanager
def redis_server() -> Iterator[tuple[str, Container]]:
    """A fresh Redis server with AOF; yields its URL and container."""
    with running(REDIS_IMAGE, 6379, {}) as container:
        url = f"redis://127.0.0.1:{container.port}/0"
        wait_for("redis", redis.Redis.from_url(url).ping)
        yield url, container
