"""The idle stack: memory of each container, and CPU from its cgroup's counters over a quiet window."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from ferramentas.pilha import Pilha

# Where the host keeps a container's CPU counter: cgroup v2 (systemd or cgroupfs driver), then v1.
_NO_HOST = (
    ("/sys/fs/cgroup/system.slice/docker-{id}.scope/cpu.stat", "usage_usec", 1.0),
    ("/sys/fs/cgroup/docker/{id}/cpu.stat", "usage_usec", 1.0),
    ("/sys/fs/cgroup/cpuacct/docker/{id}/cpuacct.usage", "", 1e-3),
)
# The same counters seen from inside the container (its own cgroup namespace).
_NO_CONTAINER = (
    ("/sys/fs/cgroup/cpu.stat", "usage_usec", 1.0),
    ("/sys/fs/cgroup/cpuacct/cpuacct.usage", "", 1e-3),
)


def _ler(texto: str, campo: str, escala: float) -> float:
    if not campo:
        return float(texto.strip()) * escala
    valores = dict(linha.split() for linha in texto.splitlines() if len(linha.split()) == 2)
    return float(valores[campo]) * escala


def uso_de_cpu_us(container_id: str) -> float:
    """The container's CPU time so far, in µs, from its cgroup (read on the host, or inside it)."""
    for caminho, campo, escala in _NO_HOST:
        arquivo = Path(caminho.format(id=container_id))
        if arquivo.exists():
            return _ler(arquivo.read_text(), campo, escala)
    for caminho, campo, escala in _NO_CONTAINER:
        saida = subprocess.run(
            ["docker", "exec", container_id, "cat", caminho], capture_output=True, text=True, timeout=30
        )
        if saida.returncode == 0:
            return _ler(saida.stdout, campo, escala)
    raise RuntimeError(f"no cgroup CPU counter found for container {container_id}")


def _containers(pilha: Pilha) -> dict[str, str]:
    linhas = pilha.inspecionar("{{.Id}} {{.Name}}")
    return {i: nome.lstrip("/") for i, nome in (linha.split() for linha in linhas)}


def cpu_ociosa(pilha: Pilha, janela_s: float = 30) -> dict[str, float]:
    """Each container's share of one core over `janela_s` seconds (0.05 = 5%), from cgroup counters."""
    containers = _containers(pilha)
    antes = {i: uso_de_cpu_us(i) for i in containers}
    inicio = time.monotonic()
    time.sleep(janela_s)
    depois = {i: uso_de_cpu_us(i) for i in containers}
    decorrido_us = (time.monotonic() - inicio) * 1e6
    return {nome: round((depois[i] - antes[i]) / decorrido_us, 4) for i, nome in containers.items()}


def maiores(valores: dict[str, float], quantos: int = 5) -> list[tuple[str, float]]:
    """The top consumers, largest first."""
    return sorted(valores.items(), key=lambda item: item[1], reverse=True)[:quantos]
