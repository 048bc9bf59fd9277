"""The machine's own limits, measured in the same run: static Nginx, pgbench -S, Redis XADD."""

from __future__ import annotations

import csv
import re

from ferramentas.pilha import Pilha

from .estatistica import percentil
from .wrk import Medida, medir

# pgbench writes one line per transaction here, inside the database's container (--log).
LOG_DO_PGBENCH = "/tmp/confeitaria-bench-pgbench"


def nginx_estatico(pilha: Pilha, duracao_s: int) -> Medida:
    """The gateway answering its static JSON `/health` body: the most the HTTP path can do here."""
    return medir("limite: Nginx JSON estático", f"{pilha.gateway}/health", duracao_s)


def pgbench_somente_leitura(pilha: Pilha, duracao_s: int) -> Medida:
    """`pgbench -S` (primary-key selects) in `catalogo-db`; p50/p99 from its per-transaction log."""
    existe = pilha.sql("catalogo-db", "postgres", "SELECT 1 FROM pg_database WHERE datname = 'bench'")
    if not existe:
        pilha.sql("catalogo-db", "postgres", "CREATE DATABASE bench")
    no_banco = ("exec", "-T", "catalogo-db")
    base = (*no_banco, "pgbench", "-U", "confeitaria")
    limpar = (*no_banco, "sh", "-c", f"rm -f {LOG_DO_PGBENCH}.*")
    pilha.compose(*base, "-i", "-q", "-s", "5", "bench")
    pilha.compose(*limpar)
    try:
        saida = pilha.compose(
            *base,
            "-S",
            "-T",
            str(duracao_s),
            "-c",
            "8",
            "-j",
            "2",
            f"--log-prefix={LOG_DO_PGBENCH}",
            "--log",
            "bench",
        ).stdout
        # One line per transaction: client_id transaction_no time_us script_no epoch epoch_us;
        # time_us is "failed" or "skipped" for a transaction that did not complete.
        log = pilha.compose(*no_banco, "sh", "-c", f"cat {LOG_DO_PGBENCH}.*").stdout
    finally:
        pilha.compose(*limpar, check=False)
        pilha.sql("catalogo-db", "postgres", "DROP DATABASE IF EXISTS bench")
    tempos = [campos[2] for campos in (linha.split() for linha in log.splitlines()) if len(campos) >= 3]
    latencias = sorted(int(t) / 1000 for t in tempos if t.isdigit())
    tps = float(re.search(r"tps = ([0-9.]+)", saida).group(1))  # type: ignore[union-attr]
    return Medida(
        "limite: PostgreSQL pgbench -S",
        round(tps, 1),
        p50_ms=round(percentil(latencias, 0.5), 3),
        p99_ms=round(percentil(latencias, 0.99), 3),
        erros=len(tempos) - len(latencias),
        requisicoes=len(tempos),
    )


def redis_xadd(pilha: Pilha, duracao_s: int) -> Medida:
    """`redis-benchmark` XADD into a scratch stream of the event bus; rate and p50/p99 from `--csv`."""
    # Redis 7's CSV summary: test, rps, avg, min, p50, p95, p99, max (latencies in ms).
    total = 20_000 * duracao_s
    # As the bus's admin user (redis/acl/base.acl), its password read inside the container.
    como_admin = (
        '. /usr/local/lib/redis-segredos.sh && exec redis-benchmark --user admin -a "$(senha_de admin)" "$@"'
    )
    no_barramento = ("exec", "-T", "event-bus", "bash", "-c", como_admin, "redis-benchmark")
    args = (*no_barramento, "--csv", "-c", "16", "-n", str(total))
    try:
        saida = pilha.compose(
            *args, "XADD", "bench:stream", "MAXLEN", "~", "1000", "*", "campo", "valor"
        ).stdout
    finally:
        pilha.compose("exec", "-T", "event-bus", "redis-admin", "DEL", "bench:stream", check=False)
    linha = next(csv.DictReader(saida.strip().splitlines()))
    return Medida(
        "limite: Redis XADD",
        round(float(linha["rps"]), 1),
        p50_ms=float(linha["p50_latency_ms"]),
        p99_ms=float(linha["p99_latency_ms"]),
        erros=0,
        requisicoes=total,
    )
