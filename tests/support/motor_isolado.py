"""A second Docker engine in a network namespace of its own, for the Swarm test.

Leaving a swarm drops the DNS records of every container already running on that engine's bridge
networks (moby#45144, seen here on Docker 20.10: a compose stack's apps could no longer resolve
their database after `docker swarm leave`). So the test never puts this machine's engine in a
swarm: it starts another dockerd with its own data, state, network namespace and iptables, loads
the images into it, makes that one a single-node swarm, and removes all of it at the end.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

NOME = "confeitaria-enxame"
# A /30 of its own: this machine's end, the namespace's end (where the swarm publishes its ports).
LADO_DA_MAQUINA, LADO_DO_MOTOR = "10.231.0.1", "10.231.0.2"
VETH_MAQUINA, VETH_MOTOR = "ce-maquina", "ce-motor"


@dataclass(frozen=True)
class Motor:
    """Where the isolated engine answers: its socket (DOCKER_HOST) and its address on this machine."""

    docker_host: str
    endereco: str


def _rodar(*args: str, check: bool = True, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, check=check, timeout=timeout)


@contextlib.contextmanager
def motor_isolado(imagens: list[str], raiz: Path = Path("/var/lib") / NOME) -> Iterator[Motor]:
    """Start the engine with these images loaded; stop it and delete its namespace and data after."""
    estado = Path("/run") / NOME
    _remover(raiz, estado)  # what a run killed before its clean-up left behind
    processo: subprocess.Popen[bytes] | None = None
    try:
        _criar_rede()
        estado.mkdir(parents=True)
        raiz.mkdir(parents=True)
        socket = f"unix://{estado}/docker.sock"
        # nsenter enters the network namespace only: `ip netns exec` would also remount /sys, which
        # hides the cgroup hierarchy dockerd needs.
        with (estado / "dockerd.log").open("wb") as log:
            processo = subprocess.Popen(
                [
                    "nsenter",
                    f"--net=/run/netns/{NOME}",
                    "dockerd",
                    "--data-root",
                    str(raiz),
                    "--exec-root",
                    str(estado / "exec"),
                    "--pidfile",
                    str(estado / "docker.pid"),
                    "-H",
                    socket,
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        _esperar_resposta(socket, processo, estado / "dockerd.log")
        _carregar(imagens, socket)
        yield Motor(socket, LADO_DO_MOTOR)
    finally:
        if processo is not None:
            _parar(processo)
        _remover(raiz, estado)


def _criar_rede() -> None:
    """The namespace and a veth pair into it; no route out.

    Without a route a lookup fails at once: a swarm task asks the registry for its image first, and
    with a way out that reaches no resolver it waited for the resolver's timeout, 20 s per task.
    """
    _rodar("ip", "netns", "add", NOME)
    _rodar("ip", "link", "add", VETH_MAQUINA, "type", "veth", "peer", "name", VETH_MOTOR)
    _rodar("ip", "link", "set", VETH_MOTOR, "netns", NOME)
    _rodar("ip", "addr", "add", f"{LADO_DA_MAQUINA}/30", "dev", VETH_MAQUINA)
    _rodar("ip", "link", "set", VETH_MAQUINA, "up")
    dentro = ("ip", "netns", "exec", NOME)
    _rodar(*dentro, "ip", "addr", "add", f"{LADO_DO_MOTOR}/30", "dev", VETH_MOTOR)
    _rodar(*dentro, "ip", "link", "set", VETH_MOTOR, "up")
    _rodar(*dentro, "ip", "link", "set", "lo", "up")


def _esperar_resposta(socket: str, processo: subprocess.Popen[bytes], log: Path, prazo_s: float = 60) -> None:
    fim = time.monotonic() + prazo_s
    while _rodar("docker", "-H", socket, "info", check=False).returncode != 0:
        if processo.poll() is not None or time.monotonic() > fim:
            raise RuntimeError(f"the isolated dockerd did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.5)


def _carregar(imagens: list[str], socket: str) -> None:
    """`docker save` from this machine's engine into the isolated one (one tar: shared layers once)."""
    salvar = subprocess.Popen(["docker", "save", *imagens], stdout=subprocess.PIPE)
    carregar = subprocess.run(
        ["docker", "-H", socket, "load", "-q"],
        stdin=salvar.stdout,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if salvar.stdout is not None:
        salvar.stdout.close()
    if salvar.wait(timeout=600) != 0 or carregar.returncode != 0:
        raise RuntimeError(f"images not loaded into the isolated engine: {carregar.stderr[-2000:]}")


def _parar(processo: subprocess.Popen[bytes]) -> None:
    """SIGTERM, as for any dockerd: it stops its containers and its containerd first."""
    processo.terminate()
    try:
        processo.wait(timeout=90)
    except subprocess.TimeoutExpired:
        processo.kill()
        processo.wait(timeout=30)


def _remover(raiz: Path, estado: Path) -> None:
    """An engine a killed run left running, the namespace (its veth goes with it), its state and data."""
    with contextlib.suppress(OSError, ValueError):
        pid = int((estado / "docker.pid").read_text())
        subprocess.run(["kill", str(pid)], check=False)
        fim = time.monotonic() + 90
        while Path(f"/proc/{pid}").exists() and time.monotonic() < fim:
            time.sleep(0.5)
    _rodar("ip", "netns", "del", NOME, check=False)
    _rodar("ip", "link", "del", VETH_MAQUINA, check=False)
    # A dockerd that did not stop cleanly leaves its network namespaces and layers mounted there.
    pontos = [linha.split()[1] for linha in Path("/proc/mounts").read_text().splitlines()]
    dele = [p for p in pontos if p in (str(estado), str(raiz)) or p.startswith((f"{estado}/", f"{raiz}/"))]
    for ponto in sorted(dele, reverse=True):
        _rodar("umount", "-l", ponto, check=False)
    for pasta in (estado, raiz):
        shutil.rmtree(pasta, ignore_errors=True)
