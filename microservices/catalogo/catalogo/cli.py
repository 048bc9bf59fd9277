"""Catalog commands: `python -m catalogo.cli gerar-catalogo --quantidade 100000` for performance work."""

from __future__ import annotations

import argparse
import sys

import sqlalchemy as sa

from confeitaria_shared.config import env_str
from confeitaria_shared.stores import create_engine

_GERAR = """
WITH novos AS (
    INSERT INTO produtos (nome, descricao, preco, estoque, categoria_id)
    SELECT
        format('%s sintético %s', (ARRAY['Bolo','Torta','Pão','Doce','Salgado'])[1 + n % 5], :base + n),
        format('Produto gerado para testes de desempenho (%s)', :base + n),
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
"""


def gerar_catalogo(engine: sa.Engine, quantidade: int) -> int:
    """Insert `quantidade` synthetic products in one statement; return how many were added."""
    with engine.begin() as conn:
        base = conn.execute(sa.text("SELECT coalesce(max(id), 0) FROM produtos")).scalar_one()
        result = conn.execute(sa.text(_GERAR), {"quantidade": quantidade, "base": base})
        return result.rowcount


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the command."""
    parser = argparse.ArgumentParser(prog="python -m catalogo.cli")
    commands = parser.add_subparsers(dest="comando", required=True)
    gerar = commands.add_parser("gerar-catalogo", help="gera produtos sintéticos (desempenho)")
    gerar.add_argument("--quantidade", type=int, default=100_000)
    args = parser.parse_args(argv)
    if not 1 <= args.quantidade <= 5_000_000:
        parser.error("--quantidade deve estar entre 1 e 5.000.000")
    added = gerar_catalogo(create_engine(env_str("DATABASE_URL")), args.quantidade)
    print(f"{added} produtos gerados")
    return 0


if __name__ == "__main__":
    sys.exit(main())
