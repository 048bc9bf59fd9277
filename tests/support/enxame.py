"""A stack on this engine's swarm for the tests: deployed, converged, updated and removed, each bounded."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field

import yaml

from ferramentas.docker import DockerError, docker
from ferramentas.swarm import gerador


@dataclass
class PilhaNoEnxame:
    """One stack of deploy/confeitaria-stack.yml under its own name."""

    nome: str
    env: dict[str, str] = field(default_factory=dict)

    def implantar(self) -> None:
        """`docker stack deploy` with the local images (no registry to ask)."""
        arquivo = str(gerador.PILHA)
        docker("stack", "deploy", "-c", arquivo, "--resolve-image", "never", self.nome, env=self.env)

    def servicos(self) -> dict[str, str]:
        """Each service's `running/desired` replicas."""
        saida = docker(
            "service",
            "ls",
            "--filter",
            f"label=com.docker.stack.namespace={self.nome}",
            "--format",
            "{{.Name}} {{.Replicas}}",
        )
        return dict(linha.split(" ", 1) for linha in saida.splitlines())

    def convergiu(self) -> bool:
        """Whether every service of the stack file runs all its replicas (a task runs once healthy)."""
        servicos = self.servicos()
        esperados = {f"{self.nome}_{nome}" for nome in _servicos_da_pilha()}
        return set(servicos) == esperados and all(_completo(replicas) for replicas in servicos.values())

    def esperar_convergir(self, timeout_s: float) -> float:
        """Wait until the stack converged; seconds it took (TimeoutError naming what is missing)."""
        inicio = time.monotonic()
        while not self.convergiu():
            if time.monotonic() - inicio > timeout_s:
                raise TimeoutError(f"not converged after {timeout_s} s: {self.servicos()}\n{self.erros()}")
            time.sleep(2)
        return time.monotonic() - inicio

    def erros(self) -> str:
        """The tasks that failed or wait, with their errors: what a failed convergence shows."""
        saida = []
        for servico, replicas in self.servicos().items():
            if not _completo(replicas):
                saida.append(
                    docker(
                        "service",
                        "ps",
                        "--no-trunc",
                        servico,
                        "--format",
                        "{{.Name}} {{.CurrentState}} {{.Error}}",
                    )
                )
        return "".join(saida)

    def tarefas_rodando(self, servico: str) -> int:
        """How many tasks of the service run now (healthy, for a service with a health check)."""
        saida = docker("service", "ps", f"{self.nome}_{servico}", "--format", "{{.CurrentState}}")
        return sum(1 for linha in saida.splitlines() if linha.startswith("Running"))

    def estado_da_atualizacao(self, servico: str) -> str:
        """The service's update state: updating, completed, rollback_started, paused... ('' if none)."""
        formato = "{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}"
        return docker("service", "inspect", "--format", formato, f"{self.nome}_{servico}").strip()

    def remover(self, timeout_s: float) -> None:
        """`docker stack rm`, then wait until its containers and network are gone and drop its volumes."""
        # Not checked: a second `stack rm` while the first one's network is still going fails, and
        # what counts is that the containers and the network are gone, waited for below.
        with contextlib.suppress(DockerError):
            docker("stack", "rm", self.nome)
        filtro = f"label=com.docker.stack.namespace={self.nome}"
        fim = time.monotonic() + timeout_s
        while (
            docker("ps", "-aq", "--filter", filtro).strip()
            or docker("network", "ls", "-q", "--filter", filtro).strip()
        ):
            if time.monotonic() > fim:
                raise TimeoutError(f"stack {self.nome} still has containers or networks after {timeout_s} s")
            time.sleep(1)
        volumes = [f"{self.nome}_{volume}" for volume in _volumes_da_pilha()]
        existentes = set(docker("volume", "ls", "-q").split())
        if set(volumes) & existentes:
            docker("volume", "rm", *sorted(set(volumes) & existentes))


def _completo(replicas: str) -> bool:
    rodando, _, desejadas = replicas.split(" ")[0].partition("/")
    return rodando == desejadas and desejadas != "0"


def _pilha() -> dict[str, dict[str, object]]:
    with gerador.PILHA.open(encoding="utf-8") as arquivo:
        dados: dict[str, dict[str, object]] = yaml.safe_load(arquivo)
    return dados


def _servicos_da_pilha() -> list[str]:
    return list(_pilha()["services"])


def _volumes_da_pilha() -> list[str]:
    return list(_pilha()["volumes"])
