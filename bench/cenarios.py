"""The stack's own figures: catalog reads, cart changes, checkouts to a final state, event lag, memory."""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass

import requests

from ferramentas.pilha import Pilha, corpo_de_pedido

from .wrk import Medida, lua_get_rotativo, medir

# Every request of the benchmark says it is synthetic (logs and traces can leave it out).
SINTETICO = {"X-Trafego-Sintetico": "bench"}


def catalogo(pilha: Pilha, duracao_s: int) -> list[Medida]:
    """Catalog reads through the gateway: first page, a filtered page, a search, detail, stock."""
    g = pilha.gateway
    return [
        medir("catálogo: lista, 1ª página", f"{g}/api/produtos", duracao_s),
        # Cache-Control: no-cache skips the gateway's 1-second micro-cache: every request is Python.
        medir(
            "catálogo: lista sem cache (Python)",
            f"{g}/api/produtos",
            duracao_s,
            lua='wrk.headers["Cache-Control"] = "no-cache"\n',
        ),
        medir(
            "catálogo: página filtrada",
            f"{g}/api/produtos?categoria_id=1&preco_max=50&em_estoque=true",
            duracao_s,
        ),
        medir("catálogo: busca", f"{g}/api/produtos?busca=bolo", duracao_s),
        medir(
            "catálogo: produto",
            g,
            duracao_s,
            lua=lua_get_rotativo([f"/api/produtos/{i}" for i in range(1, 31)]),
        ),
        medir("catálogo: estoque", f"{g}/api/produtos/1/estoque?quantidade=2", duracao_s),
    ]


def _sessoes(pilha: Pilha, quantas: int) -> list[str]:
    return [
        requests.post(f"{pilha.gateway}/api/carrinho/sessao", headers=SINTETICO, timeout=10).json()["data"][
            "session_id"
        ]
        for _ in range(quantas)
    ]


def carrinho(pilha: Pilha, duracao_s: int) -> list[Medida]:
    """Cart add (many sessions and products, never at the line cap) and cart read."""
    sessoes = _sessoes(pilha, 200)
    lista = ", ".join(json.dumps(s) for s in sessoes)
    adicionar = f"""
local sessoes = {{{lista}}}
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Trafego-Sintetico"] = "bench"
request = function()
  i = i + 1
  local sessao = sessoes[(i % #sessoes) + 1]
  local produto = (math.floor(i / #sessoes) % 30) + 1
  return wrk.format(nil, "/api/carrinho/" .. sessao .. "/adicionar", nil,
    '{{"produto_id": ' .. produto .. ', "quantidade": 1}}')
end
"""
    ler = lua_get_rotativo([f"/api/carrinho/{s}" for s in sessoes])
    return [
        medir("carrinho: adicionar", pilha.gateway, duracao_s, lua=adicionar),
        medir("carrinho: ler", pilha.gateway, duracao_s, lua=ler),
    ]


@dataclass
class Checkout:
    """A closed loop of customers, each checking out and waiting for the final state, again and again."""

    pilha: Pilha
    produto_id: int
    clientes: int = 16

    def rodar(self, duracao_s: int, aquecimento_s: int = 2) -> tuple[Medida, dict[str, int]]:
        """Run; the measure (orders/s to a final state, latency to it) and the final statuses."""
        self._latencias: list[float] = []
        self._status: dict[str, int] = {}
        self._erros = 0
        self._trava = threading.Lock()
        self._medindo = False
        fim = time.monotonic() + aquecimento_s + duracao_s
        threads = [threading.Thread(target=self._cliente, args=(fim,)) for _ in range(self.clientes)]
        for thread in threads:
            thread.start()
        time.sleep(aquecimento_s)
        self._medindo, inicio = True, time.monotonic()
        for thread in threads:
            thread.join()
        decorrido = time.monotonic() - inicio
        latencias = sorted(self._latencias) or [0.0]
        medida = Medida(
            f"checkout até o estado final ({self.clientes} clientes)",
            rps=round(len(self._latencias) / decorrido, 1),
            p50_ms=round(statistics.median(latencias) * 1000, 1),
            p99_ms=round(latencias[min(len(latencias) - 1, int(len(latencias) * 0.99))] * 1000, 1),
            erros=self._erros,
            requisicoes=len(self._latencias) + self._erros,
        )
        return medida, self._status

    def _cliente(self, fim: float) -> None:
        sessao = requests.Session()
        corpo = corpo_de_pedido(self.produto_id, "bench@example.com")
        while time.monotonic() < fim:
            headers = {**SINTETICO, "Idempotency-Key": uuid.uuid4().hex, "Prefer": "wait=5"}
            inicio = time.monotonic()
            try:
                resposta = sessao.post(
                    f"{self.pilha.gateway}/api/pedidos", json=corpo, headers=headers, timeout=15
                )
                status = resposta.json()["data"]["status"] if resposta.status_code == 200 else None
            except (requests.RequestException, ValueError, KeyError):
                status = None
            decorrido = time.monotonic() - inicio
            if not self._medindo:
                continue
            with self._trava:
                if status in ("CONFIRMADO", "CANCELADO"):
                    self._latencias.append(decorrido)
                    self._status[status] = self._status.get(status, 0) + 1
                else:
                    self._erros += 1


def atraso_de_eventos(pilha: Pilha, desde: str, ate: str) -> dict[str, float]:
    """Time from an event's creation (in its producer's transaction) to its row in the events store."""
    linha = pilha.sql(
        "events-db",
        "events",
        "SELECT count(*), "
        "coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY armazenado_em - ocorrido_em), '0'), "
        "coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY armazenado_em - ocorrido_em), '0') "
        f"FROM eventos WHERE ocorrido_em BETWEEN '{desde}' AND '{ate}'",
    )
    n, p50, p99 = linha.split("|")
    return {"eventos": int(n), "p50_ms": _intervalo_ms(p50), "p99_ms": _intervalo_ms(p99)}


def _intervalo_ms(texto: str) -> float:
    # PostgreSQL prints an interval as HH:MM:SS.ffffff (or "0" from the coalesce above).
    partes = re.match(r"(?:(\d+):(\d+):)?([0-9.]+)", texto.strip())
    if partes is None:
        return 0.0
    horas, minutos, segundos = partes.groups()
    return round(((int(horas or 0) * 60 + int(minutos or 0)) * 60 + float(segundos)) * 1000, 1)


_UNIDADES = {"B": 1, "KiB": 1024, "MiB": 1024**2, "GiB": 1024**3, "kB": 1000, "MB": 1000**2, "GB": 1000**3}


def memoria(pilha: Pilha) -> dict[str, float]:
    """Memory of every container of the stack now, in MiB."""
    ids = pilha.compose("ps", "-q").stdout.split()
    saida = subprocess.run(
        ["docker", "stats", "--no-stream", "--format", "{{.Name}};{{.MemUsage}}", *ids],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    uso: dict[str, float] = {}
    for linha in saida.splitlines():
        nome, _, valor = linha.partition(";")
        quantidade = re.match(r"([0-9.]+)\s*([A-Za-z]+)", valor.split("/")[0].strip())
        if quantidade:
            uso[nome] = round(float(quantidade.group(1)) * _UNIDADES.get(quantidade.group(2), 1) / 1024**2, 1)
    return uso
