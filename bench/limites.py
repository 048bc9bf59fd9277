"""The machine's own limits, measured in the same run: static Nginx, pgbench -S, Redis XADD."""

from __future__ import annotations

import re

from ferramentas.pilha import Pilha

from .wrk import Medida, medir


def nginx_estatico(pilha: Pilha, duracao_s: int) -> Medida:
    """The gateway answering its static JSON `/health` body: the most the HTTP path can do here."""
    return medir("limite: Nginx JSON estático", f"{pilha.gateway}/health", duracao_s)


def pgbench_somente_leitura(pilha: Pilha, duracao_s: int) -> Medida:
    """`pgbench -S` (primary-key selects) in the catalog's primary, on a scratch database."""
    existe = pilha.sql("catalogo-db", "postgres", "SELECT 1 FROM pg_database WHERE datname = 'bench'")
    if not existe:
        pilha.sql("catalogo-db", "postgres", "CREATE DATABASE bench")
    base = ("exec", "-T", "catalogo-db", "pgbench", "-U", "confeitaria")
    pilha.compose(*base, "-i", "-q", "-s", "5", "bench")
    saida = pilha.compose(*base, "-S", "-T", str(duracao_s), "-c", "8", "-j", "2", "bench").stdout
    tps = float(re.search(r"tps = ([0-9.]+)", saida).group(1))  # type: ignore[union-attr]
    media = float(re.search(r"latency average = ([0-9.]+) ms", saida).group(1))  # type: ignore[union-attr]
    pilha.sql("catalogo-db", "postgres", "DROP DATABASE bench")
    return Medida("limite: PostgreSQL pgbench -S", round(tps, 1), media, media, 0, int(tps * duracao_s))


def redis_xadd(pilha: Pilha, duracao_s: int) -> Medida:
    """`redis-benchmark` XADD into a scratch stream of the event bus (deleted afterwards)."""
    total = 20_000 * duracao_s
    args = ("exec", "-T", "event-bus", "redis-benchmark", "-q", "-c", "16", "-n", str(total))
    saida = pilha.compose(*args, "XADD", "bench:stream", "MAXLEN", "~", "1000", "*", "campo", "valor").stdout
    rps = float(re.search(r"([0-9.]+) requests per second", saida).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"p50=([0-9.]+) msec", saida)
    pilha.compose("exec", "-T", "event-bus", "redis-cli", "DEL", "bench:stream")
    p50_ms = float(p50.group(1)) if p50 else 0.0
    return Medida("limite: Redis XADD", round(rps, 1), p50_ms, p50_ms, 0, total)
