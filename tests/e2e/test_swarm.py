"""The same images on Docker Swarm: the stack converges, sells, and updates the catalog failing no request."""

from __future__ import annotations

import contextlib
import os
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator

import pytest
import requests

from ferramentas.docker import DockerError
from ferramentas.pilha import Pilha, corpo_de_pedido
from ferramentas.swarm import no, segredos
from tests.support import compose, motor_isolado
from tests.support.enxame import PilhaNoEnxame, docker

# The module-scoped deploy counts in its first test: building the images (once), converging, removing.
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1200)]

NOME = "confeitaria-test-swarm"
# Away from the user's gateway (8080) and the compose test stacks' (18080, 19080).
PORTA = str(28080 + int(os.environ.get("CONFEITARIA_TEST_PORT_SHIFT", "0")))
# The swarm publishes the gateway on its engine's end of the namespace's link.
GATEWAY = f"http://{motor_isolado.lugar(compose.PROJECT).lado_do_motor}:{PORTA}"
SEM_CACHE = {"Cache-Control": "no-cache"}
# First deploy: four PostgreSQL initialised, the standby's base backup, every app's migrations.
CONVERGIR_S = 420
ATUALIZAR_S = 240
REMOVER_S = 180


@pytest.fixture(scope="module")
def enxame() -> Iterator[None]:
    """A single-node swarm on an engine of its own (tests/support/motor_isolado.py), for this module."""
    _construir_imagens()
    imagens = compose.compose("config", "--images").stdout.split()
    with (
        motor_isolado.motor_isolado(imagens, compose.PROJECT) as motor,
        pytest.MonkeyPatch.context() as ambiente,
    ):
        # Every docker command of this module, and of ferramentas.swarm, goes to that engine.
        ambiente.setenv("DOCKER_HOST", motor.docker_host)
        docker("swarm", "init", "--advertise-addr", "127.0.0.1")
        yield


@pytest.fixture(scope="module")
def implantada(enxame: None) -> Iterator[tuple[Pilha, PilhaNoEnxame, float]]:
    """The stack deployed with fresh secrets, converged: the gateway's client, the stack, seconds taken."""
    env = {**os.environ, "GATEWAY_PORT": PORTA, "CONFEITARIA_SEGREDOS": NOME}
    pilha = PilhaNoEnxame(NOME, env)
    with contextlib.suppress(DockerError, TimeoutError):
        pilha.remover(REMOVER_S)  # a run killed before its clean-up left it behind
    segredos.remover(NOME)
    rotulos = no.rotular_este_no()
    try:
        criados = segredos.criar(NOME)
        pilha.implantar()
        segundos = pilha.esperar_convergir(CONVERGIR_S)
        segundos += _esperar_o_gateway_rotear()
        yield Pilha(GATEWAY, env={"STAFF_SENHA": criados.senha_da_equipe or ""}), pilha, segundos
    finally:
        try:
            pilha.remover(REMOVER_S)
        finally:
            segredos.remover(NOME)
            no.tirar_rotulos(rotulos)


def _esperar_o_gateway_rotear(prazo_s: float = 60) -> float:
    """Seconds until the gateway sends the catalog's writes to its apps, not to the read-only backup.

    A task counts as running once its health check passes; the gateway's watcher adds it a second
    or two later, and until then a request may meet the backup (503 SOMENTE_LEITURA) or nothing.
    A write without a token is what only a catalog app answers 401 (and no login to rate-limit).
    """
    inicio = time.monotonic()
    while time.monotonic() - inicio < prazo_s:
        with contextlib.suppress(requests.RequestException):
            escrita = requests.post(f"{GATEWAY}/api/produtos", json={}, timeout=5)
            if escrita.status_code == 401:
                return time.monotonic() - inicio
        time.sleep(1)
    raise TimeoutError(f"the gateway did not reach the apps in {prazo_s} s")


def _construir_imagens() -> None:
    """The images of CONFEITARIA_TAG from this checkout (the compose stacks' own, cached when built)."""
    resultado = compose.compose("build", check=False, timeout=1200)
    if resultado.returncode != 0:
        raise RuntimeError(f"images did not build:\n{resultado.stderr[-3000:]}")


def test_every_service_converges_with_all_its_replicas_running_and_healthy(
    implantada: tuple[Pilha, PilhaNoEnxame, float],
) -> None:
    _, pilha, segundos = implantada
    estados = docker("ps", "--filter", f"label=com.docker.stack.namespace={NOME}", "--format", "{{.Status}}")

    print(f"swarm stack converged in {segundos:.1f} s")
    assert segundos < CONVERGIR_S
    assert pilha.servicos()[f"{NOME}_catalogo"].startswith("2/2")
    assert estados.splitlines() and all("(healthy)" in estado for estado in estados.splitlines()), estados


def test_the_lab_staff_password_does_not_open_the_stack(
    implantada: tuple[Pilha, PilhaNoEnxame, float],
) -> None:
    resposta = requests.post(
        f"{GATEWAY}/api/auth/login", json={"usuario": "admin", "senha": "confeitaria"}, timeout=10
    )

    assert resposta.status_code == 401


def test_a_checkout_through_the_gateway_is_confirmed(implantada: tuple[Pilha, PilhaNoEnxame, float]) -> None:
    gateway, _, _ = implantada
    produto = gateway.criar_produto("teste do swarm", estoque=3)
    headers = {"Idempotency-Key": uuid.uuid4().hex, "Prefer": "wait=10"}

    resposta = requests.post(
        f"{GATEWAY}/api/pedidos",
        json=corpo_de_pedido(produto, "swarm@example.com"),
        headers=headers,
        timeout=30,
    )

    assert resposta.status_code == 200, resposta.text
    assert resposta.json()["data"]["status"] == "CONFIRMADO"
    estoque = requests.get(f"{GATEWAY}/api/produtos/{produto}/estoque", headers=SEM_CACHE, timeout=10)
    assert estoque.json()["data"]["estoque"] == 2


def test_a_rolling_update_of_the_catalog_under_load_fails_no_request(
    implantada: tuple[Pilha, PilhaNoEnxame, float],
) -> None:
    gateway, pilha, _ = implantada
    produto = gateway.criar_produto("teste do swarm", estoque=3)
    antes = _tarefas(f"{NOME}_catalogo")

    with Carga(f"{GATEWAY}/api/produtos/{produto}") as carga:
        docker("service", "update", "--force", "--detach", f"{NOME}_catalogo")
        estado, menos_rodando, segundos = _acompanhar_atualizacao(pilha)

    print(f"catalog update {estado} in {segundos:.1f} s; answers under load: {dict(carga.respostas)}")
    assert estado == "completed", f"{estado} after {segundos:.0f} s"
    assert menos_rodando >= 2, "a catalog task stopped before its successor was healthy (start-first)"
    assert not (_tarefas(f"{NOME}_catalogo") & antes)
    assert carga.respostas[200] >= 100, carga.respostas
    assert set(carga.respostas) == {200}, carga.respostas


def _acompanhar_atualizacao(pilha: PilhaNoEnxame) -> tuple[str, int, float]:
    """Wait for the catalog's update to end: its final state, the fewest tasks running, seconds taken."""
    inicio, menos_rodando, estado = time.monotonic(), 2, "updating"
    while estado in ("updating", ""):
        if time.monotonic() - inicio > ATUALIZAR_S:
            break
        menos_rodando = min(menos_rodando, pilha.tarefas_rodando("catalogo"))
        time.sleep(0.5)
        estado = pilha.estado_da_atualizacao("catalogo")
    return estado, menos_rodando, time.monotonic() - inicio


def _tarefas(servico: str) -> set[str]:
    """The ids of the service's tasks meant to run now."""
    return set(docker("service", "ps", "-q", "--filter", "desired-state=running", servico).split())


class Carga:
    """Two clients GETting a URL through the gateway until stopped, past the micro-cache; answers counted.

    Each request on a new connection: a reload of Nginx (the gateway follows the tasks that come
    and go) closes idle kept-alive connections, and a request racing that close is one a client
    retries on a new connection (RFC 9112, 9.3.1) — not a request the update failed.
    """

    def __init__(self, url: str, clientes: int = 2, pausa_s: float = 0.05) -> None:
        self.url, self.pausa_s = url, pausa_s
        self.respostas: Counter[int | str] = Counter()
        self._parar = threading.Event()
        self._threads = [threading.Thread(target=self._cliente, daemon=True) for _ in range(clientes)]

    def __enter__(self) -> Carga:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._parar.set()
        for thread in self._threads:
            thread.join(timeout=15)

    def _cliente(self) -> None:
        while not self._parar.is_set():
            try:
                resposta = requests.get(self.url, headers={**SEM_CACHE, "Connection": "close"}, timeout=10)
                self.respostas[resposta.status_code] += 1
            except requests.RequestException as erro:
                self.respostas[type(erro).__name__] += 1
            time.sleep(self.pausa_s)
