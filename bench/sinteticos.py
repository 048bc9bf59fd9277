"""Synthetic data for the large-data sections: 100,000 products and 1,000,000 stored events.

python -m bench.sinteticos preparar [--produtos 100000] [--eventos 1000000]
python -m bench.sinteticos remover

Made once and kept for the next run (each count is checked first), removed only on request.
Products: `catalogo.cli` (their description starts "Produto gerado para testes de desempenho"),
kept inactive (out of every list) except while the large catalogue's section runs.
Events: written in SQL straight into the store, producer `bench-sintetico`, aggregate type
`Sintetico`, types `Sintetico*`, at least a day old: the projections fold only orders and
reservations, and the per-type counts the replay proves are updated in the same transaction.
"""

from __future__ import annotations

import argparse
import sys
import time

from ferramentas.pilha import Pilha

PRODUTOR = "bench-sintetico"
TIPOS = ("SinteticoCriado", "SinteticoReservado", "SinteticoPago", "SinteticoConfirmado", "SinteticoVendido")
DO_BENCH = f"produtor = '{PRODUTOR}'"

# Five events per aggregate and per correlation, one every 2.5 s, ending a day before now.
_GERAR_EVENTOS = f"""
BEGIN;
INSERT INTO eventos (event_id, tipo, agregado_tipo, agregado_id, versao, ocorrido_em, produtor,
                     correlation_id, causation_id, dados, armazenado_em)
SELECT gen_random_uuid(), (ARRAY{list(TIPOS)})[1 + n % 5], 'Sintetico', 'sint-' || n / 5,
       1 + n % 5, t, '{PRODUTOR}', 'sint-' || n / 5, NULL,
       jsonb_build_object('sintetico', true, 'n', n), t
FROM generate_series(0, :quantos - 1) AS n,
     LATERAL (SELECT now() - interval '1 day' - (:quantos - n) * interval '2.5 seconds' AS t) AS x;
{{contagens}}
COMMIT;
"""

# The live per-type counts hold what the store holds, as the replay proves (events/replay.py).
_CONTAGENS = f"""
DELETE FROM eventos_por_tipo WHERE tipo LIKE 'Sintetico%' AND tipo NOT IN (
    SELECT DISTINCT tipo FROM eventos WHERE {DO_BENCH});
INSERT INTO eventos_por_tipo (tipo, quantidade, ultimo_em)
SELECT tipo, count(*), max(ocorrido_em) FROM eventos WHERE {DO_BENCH} GROUP BY tipo
ON CONFLICT (tipo) DO UPDATE SET quantidade = excluded.quantidade, ultimo_em = excluded.ultimo_em;
"""


def contar_eventos(pilha: Pilha) -> int:
    """How many synthetic events the store holds."""
    return int(pilha.sql("events-db", "events", f"SELECT count(*) FROM eventos WHERE {DO_BENCH}"))


def _psql(pilha: Pilha, script: str, **variaveis: int) -> None:
    args = [f"--set={nome}={valor}" for nome, valor in variaveis.items()]
    pilha.compose(
        "exec", "-T", "events-db", "psql", "-U", "confeitaria", "-d", "events", "-v", "ON_ERROR_STOP=1",
        *args, "-c", script, timeout=1800,
    )  # fmt: skip


def gerar_eventos(pilha: Pilha, quantos: int) -> float:
    """Replace the synthetic events by `quantos` new ones (one transaction); seconds it took."""
    inicio = time.monotonic()
    remover_eventos(pilha)
    script = _GERAR_EVENTOS.replace("{contagens}", _CONTAGENS).replace(":quantos", str(int(quantos)))
    _psql(pilha, script)
    _psql(pilha, "VACUUM ANALYZE eventos")
    return round(time.monotonic() - inicio, 1)


def remover_eventos(pilha: Pilha) -> int:
    """Delete the synthetic events and their per-type counts; how many went."""
    quantos = contar_eventos(pilha)
    if quantos:
        _psql(pilha, f"BEGIN; DELETE FROM eventos WHERE {DO_BENCH}; {_CONTAGENS} COMMIT;")
        _psql(pilha, "VACUUM ANALYZE eventos")
    return quantos


def _catalogo(pilha: Pilha, *comando: str) -> str:
    saida = pilha.compose("exec", "-T", "catalogo", "python", "-m", "catalogo.cli", *comando, timeout=1800)
    return saida.stdout.strip()


def contar_produtos(pilha: Pilha) -> int:
    """How many synthetic products the catalog holds."""
    return int(_catalogo(pilha, "contar-sinteticos").splitlines()[-1])


def mostrar_produtos(pilha: Pilha, ativos: bool) -> None:
    """Synthetic products into every list (active) or out of them (inactive: kept, not listed)."""
    _catalogo(pilha, "ativar-sinteticos" if ativos else "desativar-sinteticos")


def ids_de_produtos(pilha: Pilha, quantos: int) -> list[int]:
    """Ids of `quantos` synthetic products spread over all of them."""
    return [int(i) for i in _catalogo(pilha, "ids-sinteticos", "--quantos", str(quantos)).split()]


def preparar(pilha: Pilha, produtos: int, eventos: int) -> dict[str, float]:
    """Make what is missing (products added up to `produtos`, events remade unless exactly `eventos`)."""
    gasto: dict[str, float] = {}
    faltam = produtos - contar_produtos(pilha)
    if faltam > 0:
        inicio = time.monotonic()
        _catalogo(pilha, "gerar-catalogo", "--quantidade", str(faltam))
        gasto["produtos_s"] = round(time.monotonic() - inicio, 1)
    mostrar_produtos(pilha, False)  # out of the lists but for the large catalogue's section
    if eventos and contar_eventos(pilha) != eventos:
        gasto["eventos_s"] = gerar_eventos(pilha, eventos)
    return gasto


def remover(pilha: Pilha) -> dict[str, int]:
    """Remove every synthetic product and event."""
    produtos = int(_catalogo(pilha, "remover-sinteticos").split()[0])
    return {"produtos": produtos, "eventos": remover_eventos(pilha)}


def main(argv: list[str] | None = None) -> int:
    """Prepare or remove the synthetic data of the running stack."""
    parser = argparse.ArgumentParser(prog="python -m bench.sinteticos", description=__doc__.splitlines()[0])
    parser.add_argument("acao", choices=("preparar", "remover"))
    parser.add_argument("--produtos", type=int, default=100_000)
    parser.add_argument("--eventos", type=int, default=1_000_000)
    parser.add_argument("--project", default=None, help="the stack's compose project (-p)")
    args = parser.parse_args(argv)
    pilha = Pilha(project=args.project)
    if args.acao == "preparar":
        print(preparar(pilha, args.produtos, args.eventos))
    else:
        print(remover(pilha))
    return 0


if __name__ == "__main__":
    sys.exit(main())
