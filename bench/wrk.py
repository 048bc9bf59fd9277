"""HTTP rates with wrk (Debian's package): a fixed time after a warm-up, results as JSON from Lua."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass

# wrk calls done() once at the end; it prints one JSON line the runner reads back.
RELATORIO_LUA = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


@dataclass(frozen=True)
class Medida:
    """One measured rate: requests per second, latency percentiles (ms), errors."""

    nome: str
    rps: float
    p50_ms: float
    p99_ms: float
    erros: int
    requisicoes: int


def exigir_wrk() -> str:
    """The wrk binary; a clear error when it is missing (scripts/ensure-bench-tools.sh installs it)."""
    caminho = shutil.which("wrk")
    if caminho is None:
        raise RuntimeError("wrk is missing: apt-get install wrk (or bash scripts/ensure-bench-tools.sh)")
    return caminho


def medir(
    nome: str,
    url: str,
    duracao_s: int,
    aquecimento_s: int = 2,
    conexoes: int = 32,
    threads: int = 2,
    lua: str = "",
) -> Medida:
    """Warm up, then run wrk for `duracao_s` seconds against `url`; `lua` sets up the requests."""
    wrk = exigir_wrk()
    script = lua + RELATORIO_LUA
    with open("/tmp/confeitaria-bench.lua", "w", encoding="utf-8") as arquivo:
        arquivo.write(script)
    base = [
        wrk,
        "-t",
        str(threads),
        "-c",
        str(conexoes),
        "-s",
        "/tmp/confeitaria-bench.lua",
        "--timeout",
        "5s",
        # Every request wrk makes is tagged, the scripted ones too (wrk.format keeps wrk.headers).
        "-H",
        "X-Trafego-Sintetico: bench",
    ]
    if aquecimento_s:
        subprocess.run([*base, "-d", f"{aquecimento_s}s", url], capture_output=True, text=True, timeout=60)
    saida = subprocess.run(
        [*base, "-d", f"{duracao_s}s", url],
        capture_output=True,
        text=True,
        timeout=duracao_s + 60,
        check=True,
    ).stdout
    linha = next(linha for linha in saida.splitlines() if linha.startswith("BENCH_JSON "))
    dados = json.loads(linha.removeprefix("BENCH_JSON "))
    return Medida(
        nome,
        rps=round(dados["requests"] / (dados["duration_us"] / 1e6), 1),
        p50_ms=round(dados["p50_us"] / 1000, 2),
        p99_ms=round(dados["p99_us"] / 1000, 2),
        erros=int(dados["errors"]),
        requisicoes=int(dados["requests"]),
    )


def lua_post_rotativo(caminhos: list[str], corpo: str, headers: dict[str, str] | None = None) -> str:
    """A wrk script that POSTs `corpo` to each path in turn (several sessions, several products)."""
    lista = ", ".join(json.dumps(c) for c in caminhos)
    cabecalhos = {"Content-Type": "application/json", **(headers or {})}
    linhas = "\n".join(f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in cabecalhos.items())
    return f"""
local caminhos = {{{lista}}}
local i = 0
wrk.method = "POST"
wrk.body = {json.dumps(corpo)}
{linhas}
request = function()
  i = i + 1
  return wrk.format(nil, caminhos[(i % #caminhos) + 1])
end
"""


def lua_cabecalhos(cabecalhos: dict[str, str]) -> str:
    """A wrk script's lines that add headers to every request (wrk.format keeps wrk.headers)."""
    return "".join(f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}\n" for k, v in cabecalhos.items())


def lua_get_rotativo(caminhos: list[str]) -> str:
    """A wrk script that GETs each path in turn."""
    lista = ", ".join(json.dumps(c) for c in caminhos)
    return f"""
local caminhos = {{{lista}}}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", caminhos[(i % #caminhos) + 1])
end
"""
