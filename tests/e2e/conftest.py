"""The compose stack for end-to-end tests: started once per run, torn down at the end."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from selenium import webdriver

from ferramentas.pilha import Pilha
from tests.support import compose, navegador
from tests.support.eventually import eventually

pytestmark = pytest.mark.e2e

AQUI = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The `pilha_nova` tests go first among the end-to-end ones, before others change the stack."""
    primeiros = [item for item in items if item.get_closest_marker("pilha_nova")]
    resto = [item for item in items if not item.get_closest_marker("pilha_nova")]
    inicio = next((n for n, item in enumerate(resto) if AQUI in item.path.parents), len(resto))
    items[:] = [*resto[:inicio], *primeiros, *resto[inicio:]]


@pytest.fixture(scope="session")
def stack() -> Iterator[None]:
    """The whole stack under its own project name; CONFEITARIA_KEEP_STACK=1 leaves it running."""
    compose.up()
    yield
    if os.environ.get("CONFEITARIA_KEEP_STACK") != "1":
        compose.down()


@pytest.fixture(scope="session")
def pilha_ha() -> Iterator[Pilha]:
    """The failover topology under its own project name; CONFEITARIA_KEEP_STACK=1 leaves it running."""
    pilha = Pilha(compose.ha_gateway_url(), compose.HA_PROJECT, compose.ha_env())
    resultado = pilha.compose(
        "up", "-d", "--build", "--wait", "--wait-timeout", "400", check=False, timeout=900
    )
    if resultado.returncode != 0:
        estado = pilha.compose("ps", "-a", check=False).stdout
        raise RuntimeError(
            f"the failover stack did not become healthy:\n{resultado.stderr[-3000:]}\n{estado}"
        )
    yield pilha
    if os.environ.get("CONFEITARIA_KEEP_STACK") != "1":
        pilha.compose("down", "-v", "--remove-orphans", check=False)


@pytest.fixture
def browser(stack: None) -> Iterator[webdriver.Chrome]:
    """A fresh headless Chromium per test: its own storage, so each customer starts with an empty cart."""
    driver = navegador.abrir()
    yield driver
    driver.quit()


@pytest.fixture
def gateway(stack: None) -> str:
    return compose.gateway_url()


def wait_healthy(*services: str, timeout_s: float = 120.0) -> None:
    """Wait until the given services' containers report healthy again."""

    def all_healthy() -> bool:
        out = compose.compose("ps", "--format", "{{.Service}} {{.Health}}", *services, check=False).stdout
        states = dict(line.split(" ", 1) for line in out.splitlines() if " " in line)
        return len(states) == len(services) and all(state == "healthy" for state in states.values())

    eventually(all_healthy, timeout_s=timeout_s, interval_s=0.5, what=f"{services} healthy")


def get_json(url: str, **kwargs: object) -> tuple[int, dict[str, object]]:
    response = requests.get(url, timeout=10, **kwargs)  # type: ignore[arg-type]
    return response.status_code, response.json()
