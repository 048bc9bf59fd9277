"""Catalog commands for performance work: synthetic products, made and removed.

python -m catalogo.cli gerar-catalogo --quantidade 100000
python -m catalogo.cli contar-sinteticos
python -m catalogo.cli remover-sinteticos
"""

from __future__ import annotations

import argparse
import sys
import time

import sqlalchemy as sa

from confeitaria_shared.config import env_secret
from confeitaria_shared.stores import create_engine

# A synthetic product is recognised by the start of its description (and "sintético" in its name).
MARCA = "Produto gerado para testes de desempenho"
SINTETICOS = f"descricao LIKE '{MARCA} (%'"

_GERAR = """
WITH novos AS (
    INSERT INTO produtos (nome, descricao, preco, estoque, categoria_id)
    SELECT
        format('%s sintético %s', (ARRAY['Bolo','Torta','Pão','Doce','Salgado'])[1 + n % 5], :base + n),
        format('{marca} (%s)', :base + n),
        round((1 + random() * 199)::numeric, 2),
        (random() * 200)::int,
        categorias.ids[1 + n % cardinality(categorias.ids)]
    FROM generate_series(1, :quantidade) AS n,
         (SELECT array_agg(id ORDER BY id) AS ids FROM categorias WHERE ativo) AS categorias
    ON CONFLICT (nome) DO NOTHING
    RETURNING id, estoque
)
INSERT INTO movimentos_estoque (produto_id, delta, estoque_resultante, motivo)
SELECT id, estoque, estoque, 'inicial' FROM novos
""".replace("{marca}", MARCA)

# They never had events (made in SQL): they leave with their ledger, whose trigger refuses deletes.
_REMOVER = (
    "ALTER TABLE movimentos_estoque DISABLE TRIGGER movimentos_somente_insercao",
    f"DELETE FROM movimentos_estoque WHERE produto_id IN (SELECT id FROM produtos WHERE {SINTETICOS})",
    "ALTER TABLE movimentos_estoque ENABLE TRIGGER movimentos_somente_insercao",
    f"DELETE FROM produtos WHERE {SINTETICOS}",
)


def gerar_catalogo(engine: sa.Engine, quantidade: int) -> int:
    """Insert `quantidade` synthetic products in one statement; return how many were added."""
    with engine.begin() as conn:
        base = conn.execute(sa.text("SELECT coalesce(max(id), 0) FROM produtos")).scalar_one()
        result = conn.execute(sa.text(_GERAR), {"quantidade": quantidade, "base": base})
        adicionados = result.rowcount
    _vacuum(engine)
    return adicionados


def contar_sinteticos(engine: sa.Engine) -> int:
    """How many synthetic products the catalog holds."""
    with engine.connect() as conn:
        return contar_sinteticos_em(conn)


def remover_sinteticos(engine: sa.Engine) -> int:
    """Delete every synthetic product and its stock movements in one transaction; how many went."""
    with engine.begin() as conn:
        removidos = contar_sinteticos_em(conn)
        for comando in _REMOVER:
            conn.execute(sa.text(comando))
    _vacuum(engine)
    return removidos


def mostrar_sinteticos(engine: sa.Engine, ativos: bool) -> int:
    """Make the synthetic products active (in every list) or inactive (out of them); how many changed."""
    with engine.begin() as conn:
        mudados = conn.execute(
            sa.text(f"UPDATE produtos SET ativo = :ativos WHERE {SINTETICOS} AND ativo <> :ativos"),
            {"ativos": ativos},
        ).rowcount
    if mudados:
        _vacuum(engine)
    return mudados


def ids_sinteticos(engine: sa.Engine, quantos: int) -> list[int]:
    """Ids of `quantos` synthetic products spread over all of them."""
    consulta = (
        "SELECT min(id) FROM (SELECT id, ntile(:quantos) OVER (ORDER BY id) AS faixa FROM produtos "
        f"WHERE {SINTETICOS}) AS s GROUP BY faixa ORDER BY faixa"
    )
    with engine.connect() as conn:
        return [int(i) for i in conn.execute(sa.text(consulta), {"quantos": quantos}).scalars()]


def contar_sinteticos_em(conn: sa.Connection) -> int:
    """How many synthetic products there are, seen from an open connection."""
    return int(conn.execute(sa.text(f"SELECT count(*) FROM produtos WHERE {SINTETICOS}")).scalar_one())


def _vacuum(engine: sa.Engine, limite_s: float = 120) -> None:
    # Fresh statistics for the planner, a visibility map for index-only counts, and no dead index
    # entries left for a list to step over: again until the standby's feedback lets them go.
    fim = time.monotonic() + limite_s
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE movimentos_estoque"))
        while True:
            conn.execute(sa.text("VACUUM ANALYZE produtos"))
            mortas = conn.execute(
                sa.text("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'produtos'")
            ).scalar_one()
            if mortas < 1000 or time.monotonic() > fim:
                return
            time.sleep(1)


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the command."""
    parser = argparse.ArgumentParser(prog="python -m catalogo.cli")
    commands = parser.add_subparsers(dest="comando", required=True)
    gerar = commands.add_parser("gerar-catalogo", help="gera produtos sintéticos (desempenho)")
    gerar.add_argument("--quantidade", type=int, default=100_000)
    commands.add_parser("contar-sinteticos", help="quantos produtos sintéticos há")
    commands.add_parser("remover-sinteticos", help="remove os produtos sintéticos")
    commands.add_parser("ativar-sinteticos", help="os produtos sintéticos entram nas listas")
    commands.add_parser("desativar-sinteticos", help="os produtos sintéticos saem das listas")
    ids = commands.add_parser("ids-sinteticos", help="ids de produtos sintéticos espalhados")
    ids.add_argument("--quantos", type=int, default=30)
    args = parser.parse_args(argv)
    engine = create_engine(env_secret("DATABASE_URL"))
    if args.comando == "contar-sinteticos":
        print(contar_sinteticos(engine))
    elif args.comando in ("ativar-sinteticos", "desativar-sinteticos"):
        print(f"{mostrar_sinteticos(engine, args.comando == 'ativar-sinteticos')} produtos mudados")
    elif args.comando == "ids-sinteticos":
        print(" ".join(str(i) for i in ids_sinteticos(engine, args.quantos)))
    elif args.comando == "remover-sinteticos":
        print(f"{remover_sinteticos(engine)} produtos sintéticos removidos")
    else:
        if not 1 <= args.quantidade <= 5_000_000:
            parser.error("--quantidade deve estar entre 1 e 5.000.000")
        print(f"{gerar_catalogo(engine, args.quantidade)} produtos gerados")
    return 0


if __name__ == "__main__":
    sys.exit(main())
