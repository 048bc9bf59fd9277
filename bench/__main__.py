"""`make bench`: the stack's rates against the machine's own limits, one table, one JSON file.

python -m bench [--duracao 10] [--gateway http://127.0.0.1:8080] [--project NAME]
                [--clientes 32] [--taxa 50] [--unidades 20] [--disputantes 120]
                [--produtos 100000] [--eventos 1000000] [--ocioso 30]
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from dataclasses import asdict, is_dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ferramentas.pilha import REPO_ROOT, Pilha

from . import bancos, cenarios, grandes, limites, ocioso, ritmo, sinteticos
from .metas import Meta, metas
from .relatorio import tabela
from .wrk import Medida, exigir_wrk

ESTOQUE = 1_000_000
SEM_LIMITE = "100000r/s"


def _gateway_com_limite(pilha: Pilha, limite: str | None) -> None:
    # One host makes all the load: its per-client rate limit would measure the limit, not the stack.
    env = dict(pilha.env)
    # Recreated with this project's own port (from --gateway when GATEWAY_PORT is not set).
    env.setdefault("GATEWAY_PORT", str(urlsplit(pilha.gateway).port or 80))
    if limite:
        env["GATEWAY_RATE_LIMIT"], env["GATEWAY_RATE_BURST"] = limite, "100000"
    else:
        env.pop("GATEWAY_RATE_LIMIT", None)
        env.pop("GATEWAY_RATE_BURST", None)
    Pilha(pilha.gateway, pilha.project, env).compose("up", "-d", "--no-deps", "--wait", "gateway")


def _checkout(pilha: Pilha, duracao_s: int, clientes: int) -> dict[str, Any]:
    """The closed loop of customers, the memory under its load, and the lag of its events."""
    produto = pilha.criar_produto("benchmark", ESTOQUE)
    sob_carga: dict[str, float] = {}
    amostra = threading.Timer(duracao_s / 2 + 2, lambda: sob_carga.update(cenarios.memoria(pilha)))
    desde = datetime.now(UTC).isoformat()
    amostra.start()
    checkout, status = cenarios.Checkout(pilha, produto, clientes).rodar(duracao_s)
    amostra.join()
    ate = datetime.now(UTC).isoformat()
    return {
        "checkout": checkout,
        "status_dos_pedidos": status,
        "atraso_de_eventos": cenarios.atraso_de_eventos(pilha, desde, ate),  # waits for the drain first
        "estoque_do_checkout": cenarios.estoque_do_checkout(pilha, produto, ESTOQUE),
        "eventos_por_pedido": cenarios.eventos_por_pedido(pilha, produto),
        "memoria_sob_carga_mib": sob_carga,
    }


def _ocioso(pilha: Pilha, janela_s: int) -> dict[str, Any]:
    """Once every event is handled, the stack's CPU (cgroup counters) and memory while nothing happens."""
    bancos.esperar_drenagem(pilha)
    time.sleep(5)  # the drain's own last requests settle
    return {
        "janela_s": janela_s,
        "cpu": ocioso.cpu_ociosa(pilha, janela_s),
        "memoria_mib": cenarios.memoria(pilha),
    }


def medir_tudo(pilha: Pilha, args: argparse.Namespace) -> dict[str, Any]:
    """Every measure of the benchmark, in order, with the limits first."""
    preparo = sinteticos.preparar(pilha, args.produtos, args.eventos)  # a one-time cost, kept after
    d = args.duracao
    medidas: list[Medida] = [
        limites.nginx_estatico(pilha, d),
        limites.pgbench_somente_leitura(pilha, d),
        limites.redis_xadd(pilha, d),
    ]
    medidas += cenarios.catalogo(pilha, d)
    medidas += cenarios.catalogo_escalado(pilha, d)
    medidas += cenarios.carrinho(pilha, d)
    resultado: dict[str, Any] = {"clientes": args.clientes, **_checkout(pilha, d, args.clientes)}
    medidas.append(resultado["checkout"])
    resultado["ritmo"] = ritmo.medir(pilha, args.taxa, d)
    resultado["catalogo_grande"] = {"preparo": preparo, **grandes.catalogo(pilha, d)}
    resultado["eventos_grandes"] = grandes.eventos(pilha, d)
    # Last but the idle window, on a product of its own, so its events stay out of the lag's windows.
    resultado["disputa"] = cenarios.disputa(pilha, args.unidades, args.disputantes)
    resultado["ocioso"] = _ocioso(pilha, args.ocioso)
    resultado["medidas"] = medidas
    return resultado


def _erros(resultado: dict[str, Any]) -> int:
    """Failed requests of every measure (a fast run with errors is a failed run)."""
    medidas = [
        *resultado["medidas"],
        *resultado["catalogo_grande"]["pequeno"],
        *resultado["catalogo_grande"]["grande"],
        *resultado["eventos_grandes"],
    ]
    falhas_do_ritmo = sum(n for r, n in resultado["ritmo"]["respostas"].items() if not r.startswith("HTTP 2"))
    sem_resposta = sum(1 for m in medidas if m.requisicoes == 0)  # nothing answered in the whole window
    return sum(m.erros for m in medidas) + sem_resposta + falhas_do_ritmo


def _json(resultado: dict[str, Any], metas_: list[Meta], duracao_s: int) -> str:
    def simples(valor: Any) -> Any:
        return asdict(valor) if is_dataclass(valor) and not isinstance(valor, type) else str(valor)

    return json.dumps(
        {**resultado, "metas": metas_, "duracao_s": duracao_s}, indent=2, ensure_ascii=False, default=simples
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 1 when a request failed or a proof did not hold (oversold, stock)."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--duracao", type=int, default=10, help="seconds per measure (after a warm-up)")
    parser.add_argument("--gateway", default="http://127.0.0.1:8080")
    parser.add_argument("--project", default=None, help="the stack's compose project (-p)")
    parser.add_argument("--clientes", type=int, default=32, help="customers of the checkout loop")
    parser.add_argument("--taxa", type=float, default=50, help="orders/s of the open loop (event lag)")
    parser.add_argument("--produtos", type=int, default=100_000, help="synthetic products (large catalogue)")
    parser.add_argument("--eventos", type=int, default=1_000_000, help="synthetic events in the store")
    parser.add_argument("--ocioso", type=int, default=30, help="seconds of the idle CPU window")
    parser.add_argument("--unidades", type=int, default=20, help="units of the contended product")
    parser.add_argument("--disputantes", type=int, default=120, help="simultaneous checkouts for them")
    parser.add_argument("--saida", type=Path, default=REPO_ROOT / "bench" / "resultados")
    args = parser.parse_args(argv)
    exigir_wrk()
    pilha = Pilha(args.gateway, args.project)
    _gateway_com_limite(pilha, SEM_LIMITE)
    try:
        resultado = medir_tudo(pilha, args)
    finally:
        _gateway_com_limite(pilha, None)
    metas_ = metas(resultado)
    print(tabela(resultado, metas_))
    args.saida.mkdir(parents=True, exist_ok=True)
    arquivo = args.saida / f"bench-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    arquivo.write_text(_json(resultado, metas_, args.duracao))
    print(f"JSON: {arquivo}")
    # A missed target is a figure, not a failure: exit 1 only on failed requests or a broken proof.
    provas = resultado["disputa"]["ok"] and resultado["estoque_do_checkout"]["coerente"]
    return 1 if _erros(resultado) or not provas else 0


if __name__ == "__main__":
    sys.exit(main())
