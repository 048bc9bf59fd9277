"""The issue's targets: each with its target value, the measured value, and whether it was met."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .wrk import Medida


@dataclass(frozen=True)
class Meta:
    """One target, as printed: what, the target value, the measured value, met or missed."""

    meta: str
    alvo: str
    medido: str
    ok: bool


def _rps(m: dict[str, Medida], nome: str, minimo: float) -> Meta:
    medida = m[nome]
    return Meta(nome, f"≥ {minimo:,.0f} req/s", f"{medida.rps:,.0f} req/s", medida.rps >= minimo)


def _respondeu(medida: Medida) -> bool:
    # A measure with no completed request has a p99 of 0: that is no answer, not a fast one.
    return medida.requisicoes > 0


def _p99_grande(pequeno: Medida, grande: Medida) -> Meta:
    return Meta(
        f"{grande.nome.split(': ', 1)[1]}: p99 com 100 mil produtos",
        f"≤ 2 × {pequeno.p99_ms:.0f} ms",
        f"{grande.p99_ms:.0f} ms ({grande.rps:,.0f} req/s)",
        _respondeu(grande) and grande.p99_ms <= 2 * pequeno.p99_ms,
    )


def metas(resultado: dict[str, Any]) -> list[Meta]:
    """Every target of issue 13 against this run's figures."""
    m: dict[str, Medida] = {medida.nome: medida for medida in resultado["medidas"]}
    add, checkout = m["carrinho: adicionar"], resultado["checkout"]
    ritmo, disputa = resultado["ritmo"], resultado["disputa"]
    cpu, memoria = resultado["ocioso"]["cpu"], resultado["ocioso"]["memoria_mib"]
    lista = [
        _rps(m, "catálogo: produto", 6000),
        _rps(m, "catálogo: estoque", 6000),
        _rps(m, "catálogo: produto sem cache (Python)", 1200),
        _rps(m, "catálogo: estoque sem cache (Python)", 1700),
        _rps(m, "catálogo: lista sem cache (Python)", 600),
        Meta(
            "carrinho: adicionar",
            "≥ 1,000 req/s, p99 < 50 ms, 0 erros",
            f"{add.rps:,.0f} req/s, p99 {add.p99_ms} ms, {add.erros} erros",
            add.rps >= 1000 and add.p99_ms < 50 and add.erros == 0,
        ),
        _rps(m, "carrinho: ler", 1500),
        Meta(
            f"checkout até o estado final ({resultado['clientes']} clientes)",
            "≥ 100 pedidos/s, p99 < 500 ms, 0 erros, 0 vendido a mais",
            f"{checkout.rps:.1f}/s, p99 {checkout.p99_ms} ms, {checkout.erros} erros, "
            f"{disputa['vendido_a_mais']} a mais",
            checkout.rps >= 100 and checkout.p99_ms < 500 and checkout.erros == 0 and disputa["ok"],
        ),
        Meta(
            f"atraso de eventos a {ritmo['taxa_pedida']:.0f} pedidos/s fixos (laço aberto)",
            "p99 < 50 ms",
            f"p99 {ritmo['p99_ms']} ms; {ritmo['pedidos_por_s']} pedidos/s alcançados",
            ritmo["p99_ms"] < 50 and ritmo["pedidos_por_s"] >= 0.95 * ritmo["taxa_pedida"],
        ),
        Meta(
            "pilha ociosa: memória",
            "< 1,024 MiB",
            f"{sum(memoria.values()):,.0f} MiB",
            sum(memoria.values()) < 1024,
        ),
        Meta(
            "pilha ociosa: CPU (30 s)",
            "< 5% de 1 núcleo",
            f"{sum(cpu.values()):.1%}",
            sum(cpu.values()) < 0.05,
        ),
    ]
    pequeno, grande = resultado["catalogo_grande"]["pequeno"], resultado["catalogo_grande"]["grande"]
    lista += [_p99_grande(p, g) for p, g in zip(pequeno, grande, strict=True)]
    lista += [
        Meta(
            medida.nome,
            "p99 < 50 ms",
            f"{medida.p99_ms} ms ({medida.requisicoes} respostas, {medida.rps:,.0f} req/s)",
            _respondeu(medida) and medida.p99_ms < 50,
        )
        for medida in resultado["eventos_grandes"]
    ]
    return lista
