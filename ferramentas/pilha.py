"""The running stack the drills and the benchmark act on: its compose project, gateway, staff token."""

from __future__ import annotations

import json
import os
import subprocess
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parents[1]


def nos_do_banco(cluster: str) -> tuple[str, str]:
    """The two database nodes of a cluster (catalogo, pedidos); under Patroni either may lead."""
    return (f"{cluster}-db", f"{cluster}-db-replica")


@dataclass
class Pilha:
    """`docker compose` for one project, and HTTP through its gateway."""

    gateway: str = "http://127.0.0.1:8080"
    project: str | None = None
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))

    def compose(
        self, *args: str, check: bool = True, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        """Run `docker compose [-p project] [-f file...] ...` in the repository."""
        projeto = ["-p", self.project] if self.project else []
        arquivos = [arg for arquivo in self.arquivos for arg in ("-f", arquivo)]
        return subprocess.run(
            ["docker", "compose", *projeto, *arquivos, *args],
            cwd=REPO_ROOT,
            env=self.env,
            check=check,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def esperar_saudaveis(self, *servicos: str, timeout_s: float = 120) -> float:
        """Wait until the services' containers are healthy again; seconds it took."""
        inicio = time.monotonic()
        while time.monotonic() - inicio < timeout_s:
            saida = self.compose("ps", "--format", "{{.Service}} {{.Health}}", *servicos, check=False).stdout
            estados = dict(linha.split(" ", 1) for linha in saida.splitlines() if " " in linha)
            if len(estados) == len(servicos) and all(e == "healthy" for e in estados.values()):
                return time.monotonic() - inicio
            time.sleep(0.5)
        raise TimeoutError(f"{servicos} not healthy after {timeout_s} s")

    def sql(self, servico: str, banco: str, comando: str) -> str:
        """Run SQL with psql in one of the stack's PostgreSQL containers; its unaligned output."""
        args = ("exec", "-T", servico, "psql", "-U", "confeitaria", "-d", banco, "-v", "ON_ERROR_STOP=1")
        return self.compose(*args, "-Atc", comando).stdout.strip()

    @cached_property
    def arquivos(self) -> tuple[str, ...]:
        """The compose files the running project was started with (the failover override too).

        Read from its containers' labels, so that a drill acts on etcd or a sentinel of a stack
        started with docker-compose.ha.yml without being told; COMPOSE_FILE, when set, decides.
        """
        if self.env.get("COMPOSE_FILE"):
            return ()
        # Without -p, compose names the project after the directory (lower case).
        projeto = self.project or self.env.get("COMPOSE_PROJECT_NAME") or REPO_ROOT.name.lower()
        rotulo = '{{index .Config.Labels "com.docker.compose.project.config_files"}}'
        ids = subprocess.run(
            ["docker", "ps", "-aq", "--filter", f"label=com.docker.compose.project={projeto}"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        if not ids:
            return ()
        saida = subprocess.run(
            ["docker", "inspect", "--format", rotulo, ids[0]], capture_output=True, text=True, check=False
        ).stdout.strip()
        return tuple(arquivo for arquivo in saida.split(",") if arquivo)

    def inspecionar(self, formato: str, *servicos: str) -> list[str]:
        """`docker inspect --format` of the containers of the services (all of them when none named)."""
        ids = self.compose("ps", "-q", "--no-trunc", *servicos).stdout.split()
        saida = subprocess.run(
            ["docker", "inspect", "--format", formato, *ids], capture_output=True, text=True, check=True
        ).stdout
        return saida.splitlines()

    def replicas(self, servico: str) -> list[str]:
        """The names of a service's running (not paused) containers, in order."""
        saida = self.compose("ps", "--status", "running", "--format", "{{.Name}}", servico).stdout
        return sorted(saida.split())

    def escalar(self, servico: str, replicas: int, timeout_s: float = 180) -> None:
        """Run that many containers of the service, waiting until each is healthy; no other is touched."""
        self.escalar_todos({servico: replicas}, timeout_s)

    def escalar_todos(self, replicas: dict[str, int], timeout_s: float = 300) -> None:
        """Scale several services in one `up` (their containers start side by side), waiting for all."""
        escalas = [arg for servico, n in replicas.items() for arg in ("--scale", f"{servico}={n}")]
        self.compose(
            "up", "-d", "--no-deps", "--no-recreate", "--wait", *escalas, *replicas, timeout=timeout_s
        )

    def primario(self, cluster: str) -> str:
        """The database node of a cluster that takes writes now (under Patroni either node may)."""
        for no in nos_do_banco(cluster):
            try:
                if self.sql(no, cluster, "SELECT NOT pg_is_in_recovery()") == "t":
                    return no
            except subprocess.CalledProcessError:
                continue  # stopped, still starting, or not in this topology
        raise RuntimeError(f"none of {nos_do_banco(cluster)} takes writes")

    def primario_do_catalogo(self) -> str:
        """The catalog database node that takes writes now."""
        return self.primario("catalogo")

    def redis(self, servico: str, *comando: str) -> object:
        """Run one redis-cli command as the admin user (redis-admin) in one of the stack's Redis; its JSON."""
        saida = self.compose("exec", "-T", servico, "redis-admin", "--json", *comando).stdout
        return json.loads(saida) if saida.strip() else None

    @property
    def staff(self) -> dict[str, str]:
        """Headers of a staff request."""
        return {"Authorization": f"Bearer {self.token}"}

    @cached_property
    def token(self) -> str:
        """A staff token (STAFF_USUARIO / STAFF_SENHA, development defaults otherwise)."""
        credenciais = {
            "usuario": self.env.get("STAFF_USUARIO", "admin"),
            "senha": self.env.get("STAFF_SENHA", "confeitaria"),
        }
        resposta = requests.post(f"{self.gateway}/api/auth/login", json=credenciais, timeout=10)
        resposta.raise_for_status()
        return str(resposta.json()["data"]["token"])

    def get(self, caminho: str, **params: object) -> requests.Response:
        """GET through the gateway."""
        return requests.get(f"{self.gateway}{caminho}", params=params, timeout=10)  # type: ignore[arg-type]

    def criar_produto(self, quem: str, estoque: int) -> int:
        """A product of the caller's own (a drill, the benchmark), so only its orders touch its stock."""
        corpo = {
            "nome": f"Bolo do {quem} {time.time_ns()}",
            "descricao": f"Produto criado pelo {quem}",
            "preco": "10.00",
            "estoque": estoque,
            "categoria_id": 1,
        }
        resposta = requests.post(f"{self.gateway}/api/produtos", json=corpo, headers=self.staff, timeout=10)
        if not resposta.ok:
            raise RuntimeError(f"product not created: {resposta.status_code} {resposta.text[:500]}")
        return int(resposta.json()["data"]["id"])


def corpo_de_pedido(produto_id: int, email: str) -> dict[str, object]:
    """An order of one unit of the product, paid with pix, by a synthetic customer."""
    return {
        "itens": [{"produto_id": produto_id, "quantidade": 1}],
        "cliente": {"nome": "Cliente Sintético", "email": email, "telefone": "11 98888-7777"},
        "entrega": {"endereco": "Rua das Flores, 10", "cidade": "São Paulo", "cep": "01000-000"},
        "pagamento": {"metodo": "pix"},
    }
