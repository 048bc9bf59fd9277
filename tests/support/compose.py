"""The compose stack under test: its own project name and host ports, started and torn down here."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PROJECT = os.environ.get("CONFEITARIA_TEST_PROJECT", "confeitaria-test")

# Host ports of the test stack, away from the ones a user's own stack takes; a second test stack
# on the same machine (another CONFEITARIA_TEST_PROJECT) shifts them all by CONFEITARIA_TEST_PORT_SHIFT.
_SHIFT = int(os.environ.get("CONFEITARIA_TEST_PORT_SHIFT", "0"))
TEST_PORTS = {
    name: str(port + _SHIFT)
    for name, port in {
        "GATEWAY_PORT": 18080,
        "CATALOGO_PORT": 15001,
        "CATALOGO_REPLICA_PORT": 15011,
        "CARRINHO_PORT": 15002,
        "PEDIDOS_PORT": 15003,
        "EVENTS_PORT": 15004,
        # The `ferramentas` profile's tools (tests/e2e/test_ferramentas.py).
        "PGADMIN_PORT": 15050,
        "REDIS_COMMANDER_PORT": 18081,
    }.items()
}


# Shorter failure timings, so that a poison event reaches the dead letters in seconds.
TEST_SETTINGS = {"STREAM_MAX_DELIVERIES": "3", "STREAM_CLAIM_IDLE_MS": "4000", "STREAM_APARAR_S": "3"}


# The failover topology's stack (docker-compose.ha.yml), beside the default one: a project and host
# ports of its own (each port 1000 above the default test stack's).
HA_PROJECT = f"{PROJECT}-ha"
HA_FILES = "docker-compose.yml:docker-compose.ha.yml"
HA_PORTS = {name: str(int(port) + 1000) for name, port in TEST_PORTS.items()}


def ha_env() -> dict[str, str]:
    """The environment for `docker compose` commands against the failover topology's test stack."""
    return {**os.environ, **HA_PORTS, **TEST_SETTINGS, "COMPOSE_FILE": HA_FILES}


def ha_gateway_url() -> str:
    """Base URL of the failover topology's gateway."""
    return f"http://127.0.0.1:{HA_PORTS['GATEWAY_PORT']}"


def compose_env() -> dict[str, str]:
    """The environment for `docker compose` commands against the test stack."""
    return {**os.environ, **TEST_PORTS, **TEST_SETTINGS}


def compose(*args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run `docker compose -p <test project> ...` in the repository."""
    return subprocess.run(
        ["docker", "compose", "-p", PROJECT, *args],
        cwd=REPO_ROOT,
        env=compose_env(),
        check=check,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def gateway_url() -> str:
    """Base URL of the test stack's gateway."""
    return f"http://127.0.0.1:{TEST_PORTS['GATEWAY_PORT']}"


def service_url(port_variable: str) -> str:
    """Base URL of one service of the test stack on its own host port."""
    return f"http://127.0.0.1:{TEST_PORTS[port_variable]}"


def up() -> None:
    """Build and start the whole stack, waiting until every container is healthy."""
    result = compose("up", "-d", "--build", "--wait", "--wait-timeout", "300", check=False)
    if result.returncode != 0:
        status = compose("ps", "-a", check=False).stdout
        logs = compose("logs", "--tail", "40", check=False).stdout
        raise RuntimeError(
            f"stack did not become healthy:\n{result.stderr[-3000:]}\n{status}\n{logs[-6000:]}"
        )


def down() -> None:
    """Stop the stack and delete its volumes."""
    compose("down", "-v", "--remove-orphans", check=False)


def logs(*services: str) -> str:
    """Everything the given services logged so far."""
    return compose("logs", "--no-color", *services, check=False).stdout


def logged_request_ids(*services: str) -> set[str]:
    """The request ids in the services' JSON log lines (each line is `service-1  | {...}`)."""
    ids = set()
    for line in logs(*services).splitlines():
        _, _, entry = line.partition("| ")
        if entry.startswith("{"):
            with contextlib.suppress(json.JSONDecodeError):
                request_id = json.loads(entry).get("request_id")
                if isinstance(request_id, str):
                    ids.add(request_id)
    return ids


def psql(service: str, database: str, sql: str) -> str:
    """Run SQL with psql inside one of the stack's PostgreSQL containers; its unaligned output."""
    args = ("exec", "-T", service, "psql", "-U", "confeitaria", "-d", database, "-v", "ON_ERROR_STOP=1")
    return compose(*args, "-Atc", sql).stdout.strip()


def ambiente(servico: str, nome: str) -> str:
    """One environment variable of a running service of the test stack ('' when unset)."""
    return compose("exec", "-T", servico, "printenv", nome, check=False).stdout.strip()
