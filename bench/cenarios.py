"""The stack's own figures: catalog reads, cart changes, checkouts to a final state, event lag, memory."""

from __future__ import annotations

import json
import re
import subprocess
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

import requests

from ferramentas.pilha import Pilha, corpo_de_pedido

from . import bancos
from .bancos import SINTETICO
from .estatistica import percentil
from .wrk import Medida, lua_get_rotativo, medir

# Cache-Control: no-cache skips the gateway's 1-second micro-cache: every request is Python.
SEM_CACHE = 'wrk.headers["Cache-Control"] = "no-cache"\n'
DETALHES = [f"/api/produtos/{i}" for i in range(1, 31)]
ESTOQUE = "/api/produtos/1/estoque?quantidade=2"


def catalogo(pilha: Pilha, duracao_s: int) -> list[Medida]:
    """Catalog reads through the gateway: first page, a filtered page, a search, detail, stock."""
    g = pilha.gateway
    return [
        medir("catálogo: lista, 1ª página", f"{g}/api/produtos", duracao_s),
        medir("catálogo: lista sem cache (Python)", f"{g}/api/produtos", duracao_s, lua=SEM_CACHE),
        medir(
            "catálogo: página filtrada",
            f"{g}/api/produtos?categoria_id=1&preco_max=50&em_estoque=true",
            duracao_s,
        ),
        medir("catálogo: busca", f"{g}/api/produtos?busca=bolo", duracao_s),
        medir("catálogo: produto", g, duracao_s, lua=lua_get_rotativo(DETALHES)),
        medir(
            "catálogo: produto sem cache (Python)", g, duracao_s, lua=SEM_CACHE + lua_get_rotativo(DETALHES)
        ),
        medir("catálogo: estoque", f"{g}{ESTOQUE}", duracao_s),
        medir("catálogo: estoque sem cache (Python)", f"{g}{ESTOQUE}", duracao_s, lua=SEM_CACHE),
    ]


def catalogo_escalado(pilha: Pilha, duracao_s: int, replicas: int = 3) -> list[Medida]:
    """Product detail without the micro-cache with 1 catalog app, then with `replicas`, then back.

    On this machine's 2 cores every app shares the same CPUs: the second figure measures what the
    gateway's balancing costs, not a speed-up (docs/ESCALA.md).
    """
    antes = max(1, len(pilha.replicas("catalogo")))
    lua = SEM_CACHE + lua_get_rotativo(DETALHES)
    medidas = []
    try:
        for quantas in (1, replicas):
            pilha.escalar("catalogo", quantas)
            # The gateway's watcher adds a replica once its /health answers (every second).
            time.sleep(3)
            nome = f"catálogo: produto sem cache, {quantas} app{'s' if quantas > 1 else ''}"
            medidas.append(medir(nome, pilha.gateway, duracao_s, lua=lua))
    finally:
        pilha.escalar("catalogo", antes)
    return medidas


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
        latencias = sorted(self._latencias)
        medida = Medida(
            f"checkout até o estado final ({self.clientes} clientes)",
            rps=round(len(self._latencias) / decorrido, 1),
            p50_ms=round(percentil(latencias, 0.5) * 1000, 1),
            p99_ms=round(percentil(latencias, 0.99) * 1000, 1),
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


def atraso_de_eventos(pilha: Pilha, desde: str, ate: str, drenagem_s: float = 60) -> dict[str, Any]:
    """Per event of [desde, ate]: creation (`occurred_at`) to its row in the store, once all are stored."""
    # Events stored after `ate` count too: wait (bounded) until every outbox and group has drained.
    espera, pendentes = bancos.esperar_drenagem(pilha, drenagem_s)
    linha = pilha.sql(
        "events-db",
        "events",
        "SELECT count(*), coalesce(percentile_disc(0.5) WITHIN GROUP (ORDER BY ms), 0), "
        "coalesce(percentile_disc(0.99) WITHIN GROUP (ORDER BY ms), 0), coalesce(max(ms), 0), "
        f"count(*) FILTER (WHERE armazenado_em > '{ate}') "
        "FROM (SELECT extract(epoch FROM armazenado_em - ocorrido_em) * 1000 AS ms, armazenado_em "
        f"FROM eventos WHERE ocorrido_em BETWEEN '{desde}' AND '{ate}') AS atrasos",
    )
    n, p50, p99, maximo, tardios = linha.split("|")
    return {
        "eventos": int(n),
        "p50_ms": round(float(p50), 1),
        "p99_ms": round(float(p99), 1),
        "max_ms": round(float(maximo), 1),
        "armazenados_depois_do_fim": int(tardios),
        "espera_da_drenagem_s": espera,
        # What was still unpublished or unhandled when the wait gave up (empty: all stored).
        "ainda_pendentes": pendentes,
    }


def eventos_por_pedido(pilha: Pilha, produto_id: int) -> dict[str, Any]:
    """How many events each order of the product made, counted in the events store, by type."""
    pedidos = (
        "SELECT agregado_id FROM eventos WHERE tipo = 'PedidoCriado' "
        f"AND dados->'itens' @> '[{{\"produto_id\": {produto_id:d}}}]'"
    )
    saida = pilha.sql(
        "events-db",
        "events",
        f"SELECT tipo, count(*) FROM eventos WHERE agregado_id IN ({pedidos}) GROUP BY tipo ORDER BY tipo",
    )
    por_tipo = {tipo: int(n) for tipo, _, n in (linha.partition("|") for linha in saida.splitlines())}
    pedidos_n = por_tipo.get("PedidoCriado", 0)
    return {
        "pedidos": pedidos_n,
        "eventos": sum(por_tipo.values()),
        "por_pedido": round(sum(por_tipo.values()) / pedidos_n, 2) if pedidos_n else 0.0,
        "por_tipo": por_tipo,
    }


def estoque_do_checkout(pilha: Pilha, produto_id: int, inicial: int) -> dict[str, Any]:
    """The throughput product's ledger once its orders are final: stock left = initial − units sold."""
    status = bancos.esperar_finais(pilha, produto_id)
    confirmados = sum(n for s, n in status.items() if s in bancos.VENDIDOS)
    restante = bancos.estoque_no_primario(pilha, produto_id)
    return {
        "inicial": inicial,
        "pedidos": status,
        "confirmados": confirmados,
        "restante_no_primario": restante,
        "coerente": restante == inicial - confirmados,
    }


def disputa(pilha: Pilha, unidades: int = 20, clientes: int = 120, espera_s: int = 5) -> dict[str, Any]:
    """Overselling under contention: `clientes` checkouts of one unit at once for `unidades` units."""
    # Confirmed orders from the orders database, stock left from the catalog's primary (psql in its
    # container, never the standby): exactly `unidades` confirmed and 0 left, or the proof failed.
    produto = pilha.criar_produto("benchmark-disputa", unidades)
    corpo = corpo_de_pedido(produto, "bench-disputa@example.com")
    largada = threading.Barrier(clientes)
    respostas: Counter[str] = Counter()
    latencias: list[float] = []
    trava = threading.Lock()

    def cliente() -> None:
        headers = {**SINTETICO, "Idempotency-Key": uuid.uuid4().hex, "Prefer": f"wait={espera_s}"}
        largada.wait()
        inicio = time.monotonic()
        try:
            resposta = requests.post(
                f"{pilha.gateway}/api/pedidos", json=corpo, headers=headers, timeout=espera_s + 30
            )
            status = resposta.json()["data"]["status"] if resposta.status_code in (200, 202) else None
            chave = str(status) if status else f"HTTP {resposta.status_code}"
        except (requests.RequestException, ValueError, KeyError) as exc:
            chave = type(exc).__name__
        with trava:
            respostas[chave] += 1
            latencias.append(time.monotonic() - inicio)

    threads = [threading.Thread(target=cliente) for _ in range(clientes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    status = bancos.esperar_finais(pilha, produto)
    confirmados = sum(n for s, n in status.items() if s in bancos.VENDIDOS)
    restante = bancos.estoque_no_primario(pilha, produto)
    ordenadas = sorted(latencias)
    return {
        "produto_id": produto,
        "unidades": unidades,
        "clientes": clientes,
        "respostas": dict(respostas),
        "p50_ms": round(percentil(ordenadas, 0.5) * 1000, 1),
        "p99_ms": round(percentil(ordenadas, 0.99) * 1000, 1),
        "pedidos": status,
        "confirmados": confirmados,
        "estoque_restante": restante,
        "vendido_a_mais": confirmados - unidades,
        "ok": confirmados == unidades and restante == 0,
    }


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
