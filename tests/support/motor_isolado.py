"""A second Docker engine in a network namespace of its own, for the Swarm test.

Leaving a swarm drops the DNS records of every container already running on that engine's bridge
networks (moby#45144, seen here on Docker 20.10: a compose stack's apps could no longer resolve
their database after `docker swarm leave`). So the test never puts this machine's engine in a
swarm: it starts another dockerd with its own data, state, network namespace and iptables, loads
the images into it, makes that one a single-node swarm, and removes all of it at the end.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class Lugar:
    """Where one test project's engine lives: names and a /30 of its own, so two runs never meet."""

    nome: str
    veth_maquina: str
    veth_motor: str
    lado_da_maquina: str
    # The namespace's end of the link, where the swarm publishes its ports.
    lado_do_motor: str
    raiz: Path
    estado: Path


def lugar(projeto: str) -> Lugar:
    """The namespace, veth pair, addresses and directories of a test project's engine."""
    n = zlib.crc32(projeto.encode()) % 250
    nome = f"confeitaria-enxame-{n}"
    return Lugar(
        nome,
        f"ce{n}m",
        f"ce{n}n",
        f"10.231.{n}.1",
        f"10.231.{n}.2",
        Path("/var/lib") / nome,
        Path("/run") / nome,
    )


@dataclass(frozen=True)
class Motor:
    """Where the isolated engine answers: its socket (DOCKER_HOST) and its address on this machine."""

    docker_host: str
    endereco: str


def _rodar(*args: str, check: bool = True, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, check=check, timeout=timeout)


@contextlib.contextmanager
def motor_isolado(imagens: list[str], projeto: str) -> Iterator[Motor]:
    """Start the engine with these images loaded; stop it and delete its namespace and data after."""
    if os.geteuid() != 0:
        pytest.skip("the Swarm test's own engine needs root (a network namespace and a dockerd)")
    aqui = lugar(projeto)
    _remover(aqui)  # what a run killed before its clean-up left behind
    processo: subprocess.Popen[bytes] | None = None
    try:
        _criar_rede(aqui)
        aqui.estado.mkdir(parents=True)
        aqui.raiz.mkdir(parents=True)
        socket = f"unix://{aqui.estado}/docker.sock"
        # This machine's /etc/docker/daemon.json is not this engine's.
        (aqui.estado / "daemon.json").write_text("{}\n")
        # nsenter enters the network namespace only: `ip netns exec` would also remount /sys, which
        # hides the cgroup hierarchy dockerd needs.
        with (aqui.estado / "dockerd.log").open("wb") as log:
            processo = subprocess.Popen(
                [
                    "nsenter",
                    f"--net=/run/netns/{aqui.nome}",
                    "dockerd",
                    "--config-file",
                    str(aqui.estado / "daemon.json"),
                    "--data-root",
                    str(aqui.raiz),
                    "--exec-root",
                    str(aqui.estado / "exec"),
                    "--pidfile",
                    str(aqui.estado / "docker.pid"),
                    "-H",
                    socket,
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        _esperar_resposta(socket, processo, aqui.estado / "dockerd.log")
        _carregar(imagens, socket)
        yield Motor(socket, aqui.lado_do_motor)
    finally:
        if processo is not None:
            _parar(processo)
        _remover(aqui)


def _criar_rede(aqui: Lugar) -> None:
    """The namespace and a veth pair into it; no route out.

    Without a route a lookup fails at once: a swarm task asks the registry for its image first, and
    with a way out that reaches no resolver it waited for the resolver's timeout, 20 s per task.
    """
    _rodar("ip", "netns", "add", aqui.nome)
    _rodar("ip", "link", "add", aqui.veth_maquina, "type", "veth", "peer", "name", aqui.veth_motor)
    _rodar("ip", "link", "set", aqui.veth_motor, "netns", aqui.nome)
    _rodar("ip", "addr", "add", f"{aqui.lado_da_maquina}/30", "dev", aqui.veth_maquina)
    _rodar("ip", "link", "set", aqui.veth_maquina, "up")
    dentro = ("ip", "netns", "exec", aqui.nome)
    _rodar(*dentro, "ip", "addr", "add", f"{aqui.lado_do_motor}/30", "dev", aqui.veth_motor)
    _rodar(*dentro, "ip", "link", "set", aqui.veth_motor, "up")
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


def _remover(aqui: Lugar) -> None:
    """An engine a killed run left running, the namespace (its veth goes with it), its state and data."""
    with contextlib.suppress(OSError, ValueError):
        pid = int((aqui.estado / "docker.pid").read_text())
        subprocess.run(["kill", str(pid)], check=False)
        fim = time.monotonic() + 90
        while Path(f"/proc/{pid}").exists() and time.monotonic() < fim:
            time.sleep(0.5)
        if Path(f"/proc/{pid}").exists():
            subprocess.run(["kill", "-9", str(pid)], check=False)
    _rodar("ip", "netns", "del", aqui.nome, check=False)
    _rodar("ip", "link", "del", aqui.veth_maquina, check=False)
    # A dockerd that did not stop cleanly leaves its network namespaces and layers mounted there.
    pontos = [linha.split()[1] for linha in Path("/proc/mounts").read_text().splitlines()]
    raiz, estado = str(aqui.raiz), str(aqui.estado)
    dele = [p for p in pontos if p in (estado, raiz) or p.startswith((f"{estado}/", f"{raiz}/"))]
    for ponto in sorted(dele, reverse=True):
        _rodar("umount", "-l", ponto, check=False)
    for pasta in (aqui.estado, aqui.raiz):
        shutil.rmtree(pasta, ignore_errors=True)
