"""`make bench`: the stack's rates against the machine's own limits, one table, one JSON file.

python -m bench [--duracao 10] [--gateway http://127.0.0.1:8080] [--project NAME]
                [--clientes 16] [--unidades 20] [--disputantes 120]
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ferramentas.pilha import REPO_ROOT, Pilha

from . import cenarios, limites
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


def medir_tudo(
    pilha: Pilha, duracao_s: int, clientes: int, unidades: int, disputantes: int
) -> dict[str, Any]:
    """Every measure of the benchmark, in order, with the limits first."""
    ocioso = cenarios.memoria(pilha)
    medidas: list[Medida] = [
        limites.nginx_estatico(pilha, duracao_s),
        limites.pgbench_somente_leitura(pilha, duracao_s),
        limites.redis_xadd(pilha, duracao_s),
    ]
    medidas += cenarios.catalogo(pilha, duracao_s)
    medidas += cenarios.carrinho(pilha, duracao_s)
    produto = pilha.criar_produto("benchmark", ESTOQUE)
    sob_carga: dict[str, float] = {}
    amostra = threading.Timer(duracao_s / 2 + 2, lambda: sob_carga.update(cenarios.memoria(pilha)))
    desde = datetime.now(UTC).isoformat()
    amostra.start()
    checkout, status = cenarios.Checkout(pilha, produto, clientes).rodar(duracao_s)
    amostra.join()
    ate = datetime.now(UTC).isoformat()
    medidas.append(checkout)
    atraso = cenarios.atraso_de_eventos(pilha, desde, ate)  # waits for the stream to drain first
    return {
        "medidas": medidas,
        "status_dos_pedidos": status,
        "estoque_do_checkout": cenarios.estoque_do_checkout(pilha, produto, ESTOQUE),
        "eventos_por_pedido": cenarios.eventos_por_pedido(pilha, produto),
        "atraso_de_eventos": atraso,
        # Last, on a product of its own, so its events stay out of the lag's window.
        "disputa": cenarios.disputa(pilha, unidades, disputantes),
        "memoria_mib": {"ociosa": ocioso, "sob_carga": sob_carga},
    }


def metas(resultado: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's targets, each with the measured figure and whether it was met."""
    m = {medida.nome: medida for medida in resultado["medidas"]}
    nginx = m["limite: Nginx JSON estático"].rps
    lista = m["catálogo: lista, 1ª página"]
    sem_cache = m["catálogo: lista sem cache (Python)"]
    add = m["carrinho: adicionar"]
    leituras_de_produto = [
        (nome, m[nome], minimo)
        for nome, minimo in (
            ("catálogo: produto", 6000),
            ("catálogo: estoque", 6000),
            ("catálogo: produto sem cache (Python)", 1200),
            ("catálogo: estoque sem cache (Python)", 1700),
        )
    ]
    checkout = next(medida for nome, medida in m.items() if nome.startswith("checkout"))
    memoria_ociosa = sum(resultado["memoria_mib"]["ociosa"].values())
    atraso = resultado["atraso_de_eventos"]["p99_ms"]
    disputa = resultado["disputa"]
    return [
        {
            "meta": "lista do catálogo ≥ 30% do Nginx estático",
            "medido": f"{lista.rps / nginx:.0%}",
            "ok": lista.rps >= 0.3 * nginx,
        },
        {
            "meta": "lista do catálogo sem cache ≥ 1.500 req/s",
            "medido": f"{sem_cache.rps:.0f} req/s",
            "ok": sem_cache.rps >= 1500,
        },
        *(
            {
                "meta": f"{nome} ≥ {minimo:,} req/s",
                "medido": f"{medida.rps:.0f} req/s",
                "ok": medida.rps >= minimo,
            }
            for nome, medida, minimo in leituras_de_produto
        ),
        {
            "meta": "carrinho: adicionar ≥ 1.000 req/s, p99 < 50 ms",
            "medido": f"{add.rps:.0f} req/s, p99 {add.p99_ms} ms",
            "ok": add.rps >= 1000 and add.p99_ms < 50,
        },
        {
            "meta": "checkout ≥ 200 pedidos/s, p99 < 500 ms, 0 erros",
            "medido": f"{checkout.rps:.1f}/s, p99 {checkout.p99_ms} ms, {checkout.erros} erros",
            "ok": checkout.rps >= 200 and checkout.p99_ms < 500 and checkout.erros == 0,
        },
        {
            "meta": f"0 vendido a mais: {disputa['unidades']} unidades, {disputa['clientes']} checkouts "
            f"simultâneos, exatamente {disputa['unidades']} confirmados e estoque 0",
            "medido": f"{disputa['confirmados']} confirmados, estoque {disputa['estoque_restante']}, "
            f"{disputa['vendido_a_mais']} a mais",
            "ok": disputa["ok"],
        },
        {"meta": "atraso de eventos p99 < 100 ms", "medido": f"{atraso} ms", "ok": atraso < 100},
        {"meta": "pilha ociosa < 1,5 GB", "medido": f"{memoria_ociosa:.0f} MiB", "ok": memoria_ociosa < 1536},
    ]


def tabela(resultado: dict[str, Any]) -> str:
    """The printed table: each rate, its latencies, errors and its ratio to the matching limit."""
    medidas: list[Medida] = resultado["medidas"]
    nginx = medidas[0].rps
    linhas = [f"{'medida':48} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'erros':>6} {'÷ Nginx':>8}"]
    for medida in medidas:
        razao = "" if medida.nome.startswith("limite") else f"{medida.rps / nginx:.1%}"
        linhas.append(
            f"{medida.nome:48} {medida.rps:9.1f} {medida.p50_ms:8.2f} {medida.p99_ms:8.2f} "
            f"{medida.erros:6d} {razao:>8}"
        )
    atraso = resultado["atraso_de_eventos"]
    linhas.append(
        f"atraso de eventos: p50 {atraso['p50_ms']} ms, p99 {atraso['p99_ms']} ms, máx {atraso['max_ms']} ms "
        f"({atraso['eventos']} eventos, {atraso['armazenados_depois_do_fim']} armazenados depois do fim; "
        f"drenagem {atraso['espera_da_drenagem_s']} s"
        + (f", ainda pendentes: {atraso['ainda_pendentes']})" if atraso["ainda_pendentes"] else ")")
    )
    por_pedido = resultado["eventos_por_pedido"]
    linhas.append(
        f"eventos por pedido: {por_pedido['por_pedido']} ({por_pedido['eventos']} eventos de "
        f"{por_pedido['pedidos']} pedidos: {por_pedido['por_tipo']})"
    )
    ocioso, carga = resultado["memoria_mib"]["ociosa"], resultado["memoria_mib"]["sob_carga"]
    linhas.append(f"memória: ociosa {sum(ocioso.values()):.0f} MiB, sob carga {sum(carga.values()):.0f} MiB")
    estoque = resultado["estoque_do_checkout"]
    linhas.append(
        f"pedidos do checkout: {estoque['pedidos']}; estoque no primário {estoque['restante_no_primario']:,} "
        f"= {estoque['inicial']:,} − {estoque['confirmados']} confirmados: "
        f"{'sim' if estoque['coerente'] else 'NÃO'}"
    )
    disputa = resultado["disputa"]
    linhas.append(
        f"disputa: {disputa['clientes']} checkouts simultâneos de 1 unidade, {disputa['unidades']} unidades: "
        f"{disputa['confirmados']} confirmados, estoque restante {disputa['estoque_restante']} (primário), "
        f"vendido a mais {disputa['vendido_a_mais']}; pedidos {disputa['pedidos']}, "
        f"respostas {disputa['respostas']}, p50 {disputa['p50_ms']} ms, p99 {disputa['p99_ms']} ms"
    )
    linhas.append("metas:")
    linhas += [f"  [{'ok' if m['ok'] else 'não'}] {m['meta']}: {m['medido']}" for m in resultado["metas"]]
    return "\n".join(linhas)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 1 when a request failed or a proof did not hold (oversold, stock)."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--duracao", type=int, default=10, help="seconds per measure (after a warm-up)")
    parser.add_argument("--gateway", default="http://127.0.0.1:8080")
    parser.add_argument("--project", default=None, help="the stack's compose project (-p)")
    parser.add_argument("--clientes", type=int, default=16, help="customers of the checkout loop")
    parser.add_argument("--unidades", type=int, default=20, help="units of the contended product")
    parser.add_argument("--disputantes", type=int, default=120, help="simultaneous checkouts for them")
    parser.add_argument("--saida", type=Path, default=REPO_ROOT / "bench" / "resultados")
    args = parser.parse_args(argv)
    exigir_wrk()
    pilha = Pilha(args.gateway, args.project)
    _gateway_com_limite(pilha, SEM_LIMITE)
    try:
        resultado = medir_tudo(pilha, args.duracao, args.clientes, args.unidades, args.disputantes)
    finally:
        _gateway_com_limite(pilha, None)
    resultado["metas"] = metas(resultado)
    print(tabela(resultado))
    args.saida.mkdir(parents=True, exist_ok=True)
    arquivo = args.saida / f"bench-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    resultado["medidas"] = [asdict(m) for m in resultado["medidas"]]
    resultado["duracao_s"] = args.duracao
    arquivo.write_text(json.dumps(resultado, indent=2, ensure_ascii=False))
    print(f"JSON: {arquivo}")
    erros = sum(m["erros"] for m in resultado["medidas"])
    provas = resultado["disputa"]["ok"] and resultado["estoque_do_checkout"]["coerente"]
    return 1 if erros or not provas else 0


if __name__ == "__main__":
    sys.exit(main())
