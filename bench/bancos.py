"""What the stack's own stores say, read inside their containers: catalog primary, orders, outboxes, bus."""

from __future__ import annotations

import time

import requests

from ferramentas.pilha import Pilha

# Every request of the benchmark says it is synthetic (logs and traces can leave it out).
SINTETICO = {"X-Trafego-Sintetico": "bench"}

FINAIS = frozenset({"CONFIRMADO", "CANCELADO", "EM_PREPARO", "SAIU_PARA_ENTREGA", "ENTREGUE"})
VENDIDOS = FINAIS - {"CANCELADO"}


def estoque_no_primario(pilha: Pilha, produto_id: int) -> int:
    """The product's units in stock, read with psql in the catalog's primary (never the standby)."""
    return int(
        pilha.sql(
            pilha.primario_do_catalogo(),
            "catalogo",
            f"SELECT estoque FROM produtos WHERE id = {produto_id:d}",
        )
    )


def _do_produto(produto_id: int) -> str:
    return f"itens @> '[{{\"produto_id\": {produto_id:d}}}]'"


def pedidos_do_produto(pilha: Pilha, produto_id: int) -> dict[str, int]:
    """The product's orders by status, from the orders database."""
    saida = pilha.sql(
        "pedidos-db",
        "pedidos",
        f"SELECT status, count(*) FROM pedidos WHERE {_do_produto(produto_id)} GROUP BY status",
    )
    return {status: int(n) for status, _, n in (linha.partition("|") for linha in saida.splitlines())}


def esperar_finais(pilha: Pilha, produto_id: int, limite_s: float = 60) -> dict[str, int]:
    """Wait (bounded) until none of the product's orders is still in the saga; its orders by status."""
    fim = time.monotonic() + limite_s
    while True:
        status = pedidos_do_produto(pilha, produto_id)
        if set(status) <= FINAIS or time.monotonic() > fim:
            return status
        time.sleep(1)


def pendencias_de_eventos(pilha: Pilha) -> dict[str, int]:
    """Events not stored yet: each producer's unpublished outbox, and each consumer group's backlog."""
    bancos = (
        (pilha.primario_do_catalogo(), "catalogo"),
        (pilha.primario("pedidos"), "pedidos"),
        ("events-db", "events"),
    )
    pendencias = {
        f"outbox {banco}": int(
            pilha.sql(servico, banco, "SELECT count(*) FROM outbox WHERE published_at IS NULL")
        )
        for servico, banco in bancos
    }
    pendencias["outbox carrinho"] = int(str(pilha.redis("carrinho-redis", "XLEN", "carrinho:eventos")))
    url = f"{pilha.gateway}/api/eventos/stats"
    saude = requests.get(url, headers={**SINTETICO, **pilha.staff}, timeout=10).json()["data"]
    for grupo in saude["grupos"]:
        atraso = grupo["atraso"]
        if atraso is None:  # Redis did not say: the group is behind unless it was given the last entry
            atraso = 0 if grupo["ultimo_entregue"] == saude["ultimo_id"] else 1
        pendencias[f"grupo {grupo['nome']}"] = int(grupo["pendentes"]) + int(atraso)
    return pendencias


def esperar_drenagem(pilha: Pilha, limite_s: float = 60) -> tuple[float, dict[str, int]]:
    """Wait (bounded) until every event so far is handled by every group; seconds, and what is left."""
    inicio = time.monotonic()
    while True:
        pendentes = {nome: n for nome, n in pendencias_de_eventos(pilha).items() if n}
        if not pendentes or time.monotonic() - inicio > limite_s:
            return round(time.monotonic() - inicio, 1), pendentes
        time.sleep(0.5)
