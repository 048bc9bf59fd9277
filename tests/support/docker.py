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

import ferramentas.docker
import redis
from tests.support.compose import REPO_ROOT

# CONFEITARIA_TAG names a set of images of its own, as in docker-compose.yml.
_TAG = os.environ.get("CONFEITARIA_TAG", "dev")
POSTGRES_IMAGE = f"confeitaria/postgres:{_TAG}"
REDIS_IMAGE = f"confeitaria/redis:{_TAG}"


def docker(*args: str) -> str:
    """Run a docker command and return its stdout, stripped (raises on failure)."""
    return ferramentas.docker.docker(*args).strip()


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


@dataclass(frozen=True)
class PostgresServer:
    """A PostgreSQL container: its app role reaches it over the network, its superuser only inside."""

    container: Container
    app_user: str
    app_password: str

    def url(self, database: str) -> str:
        """The app role's URL of one database, through the published port."""
        return (
            f"postgresql+psycopg2://{self.app_user}:{self.app_password}"
            f"@127.0.0.1:{self.container.port}/{database}"
        )

    def create_database(self, name: str) -> None:
        """A new database of the app role's, made by the superuser on the local socket (as an operator)."""
        docker("exec", self.container.id, "createdb", "-U", "teste", "-O", self.app_user, name)


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """A fresh PostgreSQL server with its app role `app`, owner of the database `teste`."""
    env = {
        "POSTGRES_USER": "teste",
        "POSTGRES_DB": "teste",
        "POSTGRES_APP_USER": "app",
        "POSTGRES_APP_PASSWORD": "senha-do-app-de-teste",
        "REPLICATION_PASSWORD": "senha-de-replicacao-de-teste",
    }
    with running(POSTGRES_IMAGE, 5432, env) as container:
        server = PostgresServer(container, "app", env["POSTGRES_APP_PASSWORD"])
        engine = sa.create_engine(server.url("teste"), poolclass=sa.pool.NullPool)
        wait_for("postgres", lambda: engine.connect().close())
        yield server


# Every Redis of the stack has these users (redis/acl/base.acl); the tests act as its admin.
REDIS_SENHAS = {
    "REDIS_PASSWORD_ADMIN": "senha-do-admin-de-teste",
    "REDIS_PASSWORD_HEALTHCHECK": "saude-de-teste",
}


@contextmanager
def redis_server(acl: str = "", senhas: dict[str, str] | None = None) -> Iterator[tuple[str, Container]]:
    """A fresh Redis with AOF and the users of the `acl` profile; yields the admin's URL and container."""
    env = {"REDIS_ACL": acl, **REDIS_SENHAS, **(senhas or {})}
    with running(REDIS_IMAGE, 6379, env) as container:
        url = f"redis://admin:{REDIS_SENHAS['REDIS_PASSWORD_ADMIN']}@127.0.0.1:{container.port}/0"
        wait_for("redis", redis.Redis.from_url(url).ping)
        yield url, container
