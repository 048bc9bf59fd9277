"""The printed report: the rates table, the proofs, the large-data sections and the targets."""

from __future__ import annotations

from typing import Any

from .metas import Meta
from .ocioso import maiores
from .wrk import Medida

CABECALHO = f"{'medida':52} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'erros':>6}"


def _linha(medida: Medida, nginx: float | None = None) -> str:
    razao = f"{medida.rps / nginx:8.1%}" if nginx else ""
    latencias = f"{medida.p50_ms:8.2f} {medida.p99_ms:8.2f}"
    return f"{medida.nome:52} {medida.rps:9.1f} {latencias} {medida.erros:6d} {razao}"


def _atraso(nome: str, atraso: dict[str, Any]) -> str:
    pendentes = f", ainda pendentes: {atraso['ainda_pendentes']}" if atraso["ainda_pendentes"] else ""
    return (
        f"{nome}: p50 {atraso['p50_ms']} ms, p99 {atraso['p99_ms']} ms, máx {atraso['max_ms']} ms "
        f"({atraso['eventos']} eventos; drenagem {atraso['espera_da_drenagem_s']} s{pendentes})"
    )


def _provas(r: dict[str, Any]) -> list[str]:
    por_pedido, estoque, disputa = r["eventos_por_pedido"], r["estoque_do_checkout"], r["disputa"]
    ritmo = r["ritmo"]
    return [
        _atraso("atraso de eventos, checkout em laço fechado", r["atraso_de_eventos"]),
        _atraso(f"atraso de eventos, laço aberto a {ritmo['taxa_pedida']:.0f}/s", ritmo)
        + f"; enviados {ritmo['enviados']} a {ritmo['taxa_de_envio']}/s (atraso de envio máx "
        f"{ritmo['atraso_de_envio_max_ms']} ms), respostas {ritmo['respostas']}, {ritmo['pedidos']} pedidos "
        f"no armazém a {ritmo['pedidos_por_s']}/s",
        f"eventos por pedido: {por_pedido['por_pedido']} ({por_pedido['eventos']} eventos de "
        f"{por_pedido['pedidos']} pedidos: {por_pedido['por_tipo']})",
        f"pedidos do checkout: {estoque['pedidos']}; estoque no primário {estoque['restante_no_primario']:,} "
        f"= {estoque['inicial']:,} − {estoque['confirmados']} confirmados: "
        f"{'sim' if estoque['coerente'] else 'NÃO'}",
        f"disputa: {disputa['clientes']} checkouts simultâneos de 1 unidade, {disputa['unidades']} unidades: "
        f"{disputa['confirmados']} confirmados, estoque restante {disputa['estoque_restante']} (primário), "
        f"vendido a mais {disputa['vendido_a_mais']}; pedidos {disputa['pedidos']}, "
        f"respostas {disputa['respostas']}, p50 {disputa['p50_ms']} ms, p99 {disputa['p99_ms']} ms",
    ]


def _ocioso(r: dict[str, Any]) -> list[str]:
    ocioso, carga = r["ocioso"], r["memoria_sob_carga_mib"]
    cpu, memoria = ocioso["cpu"], ocioso["memoria_mib"]
    return [
        f"ociosa ({ocioso['janela_s']} s, contadores de CPU dos cgroups): "
        f"CPU {sum(cpu.values()):.1%} de um núcleo, "
        f"memória {sum(memoria.values()):,.0f} MiB (sob carga: {sum(carga.values()):,.0f} MiB)",
        "  maiores em CPU: " + ", ".join(f"{nome} {v:.2%}" for nome, v in maiores(cpu)),
        "  maiores em memória: " + ", ".join(f"{nome} {v:,.0f} MiB" for nome, v in maiores(memoria)),
    ]


def tabela(r: dict[str, Any], metas: list[Meta]) -> str:
    """Every section of the report, then every target with its value, the measure, met or missed."""
    medidas: list[Medida] = r["medidas"]
    nginx = medidas[0].rps
    linhas = [f"{CABECALHO} {'÷ Nginx':>8}"]
    linhas += [_linha(m, None if m.nome.startswith("limite") else nginx) for m in medidas]
    linhas += _provas(r) + _ocioso(r)
    grande = r["catalogo_grande"]
    linhas += ["", f"catálogo grande (sem cache, 16 conexões): {grande['preparo']}", CABECALHO]
    linhas += [_linha(m) for m in grande["pequeno"] + grande["grande"]]
    linhas += ["", "armazém de eventos com 1.000.000 eventos sintéticos (4 conexões)", CABECALHO]
    linhas += [_linha(m) for m in r["eventos_grandes"]]
    linhas += ["", "metas:"]
    largura = max(len(m.meta) for m in metas)
    linhas += [
        f"  [{'cumprida' if m.ok else 'não cumprida':>12}] {m.meta:{largura}}  "
        f"meta {m.alvo}; medido {m.medido}"
        for m in metas
    ]
    return "\n".join(linhas)
