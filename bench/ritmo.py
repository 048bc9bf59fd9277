"""Open loop: checkouts sent on a fixed schedule, whatever the answers, then the lag of their events."""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests

from ferramentas.pilha import Pilha, corpo_de_pedido

from . import bancos
from .bancos import SINTETICO


def _enviar(sessao: requests.Session, url: str, corpo: dict[str, object]) -> str:
    headers = {**SINTETICO, "Idempotency-Key": uuid.uuid4().hex}
    try:
        return f"HTTP {sessao.post(url, json=corpo, headers=headers, timeout=30).status_code}"
    except requests.RequestException as exc:
        return type(exc).__name__


def enviar_no_ritmo(pilha: Pilha, produto_id: int, taxa: float, duracao_s: int) -> dict[str, Any]:
    """`taxa` checkouts a second for `duracao_s` seconds, each sent at its time (no waiting for answers)."""
    url = f"{pilha.gateway}/api/pedidos"
    corpo = corpo_de_pedido(produto_id, "bench-ritmo@example.com")
    local = threading.local()
    respostas: Counter[str] = Counter()
    atrasos_de_envio: list[float] = []
    trava = threading.Lock()

    def enviar(agendado: float) -> None:
        atraso = time.monotonic() - agendado
        if not hasattr(local, "sessao"):
            local.sessao = requests.Session()
        resposta = _enviar(local.sessao, url, corpo)
        with trava:
            atrasos_de_envio.append(atraso)
            respostas[resposta] += 1

    total = int(taxa * duracao_s)
    # Enough threads that a slow answer never delays the next send (up to 30 s of answers in flight).
    with ThreadPoolExecutor(max_workers=min(512, int(taxa * 4) + 16)) as pool:
        inicio = time.monotonic()
        for n in range(total):
            agendado = inicio + n / taxa
            time.sleep(max(0.0, agendado - time.monotonic()))
            pool.submit(enviar, agendado)
        enviado_em = time.monotonic() - inicio
    ordenados = sorted(atrasos_de_envio)
    return {
        "taxa_pedida": taxa,
        "enviados": total,
        "taxa_de_envio": round(total / enviado_em, 1) if enviado_em else 0.0,
        "atraso_de_envio_max_ms": round(ordenados[-1] * 1000, 1) if ordenados else 0.0,
        "respostas": dict(respostas),
    }


def atraso_dos_pedidos(pilha: Pilha, produto_id: int, drenagem_s: float = 60) -> dict[str, Any]:
    """Lag (commit in the producer -> row in the store) of every event of the product's orders."""
    espera, pendentes = bancos.esperar_drenagem(pilha, drenagem_s)
    pedidos = (
        "SELECT agregado_id FROM eventos WHERE tipo = 'PedidoCriado' "
        f"AND dados->'itens' @> '[{{\"produto_id\": {produto_id:d}}}]'"
    )
    linha = pilha.sql(
        "events-db",
        "events",
        "SELECT count(*), count(DISTINCT agregado_id), "
        "coalesce(percentile_disc(0.5) WITHIN GROUP (ORDER BY ms), 0), "
        "coalesce(percentile_disc(0.99) WITHIN GROUP (ORDER BY ms), 0), coalesce(max(ms), 0), "
        "coalesce(extract(epoch FROM max(ocorrido_em) FILTER (WHERE tipo = 'PedidoCriado') "
        "- min(ocorrido_em) FILTER (WHERE tipo = 'PedidoCriado')), 0) "
        "FROM (SELECT extract(epoch FROM armazenado_em - ocorrido_em) * 1000 AS ms, agregado_id, "
        "ocorrido_em, tipo "
        f"FROM eventos WHERE agregado_id IN ({pedidos})) AS atrasos",
    )
    n, pedidos_n, p50, p99, maximo, janela = linha.split("|")
    return {
        "eventos": int(n),
        "pedidos": int(pedidos_n),
        # Orders created per second as the store saw them: the rate the stack kept up with.
        "pedidos_por_s": round((int(pedidos_n) - 1) / float(janela), 1) if float(janela) > 0 else 0.0,
        "p50_ms": round(float(p50), 1),
        "p99_ms": round(float(p99), 1),
        "max_ms": round(float(maximo), 1),
        "espera_da_drenagem_s": espera,
        "ainda_pendentes": pendentes,
    }


def medir(pilha: Pilha, taxa: float, duracao_s: int) -> dict[str, Any]:
    """Send on the schedule to a product of the bench's own, then the lag of its orders' events."""
    produto = pilha.criar_produto("benchmark-ritmo", 1_000_000)
    envio = enviar_no_ritmo(pilha, produto, taxa, duracao_s)
    return {**envio, **atraso_dos_pedidos(pilha, produto)}
