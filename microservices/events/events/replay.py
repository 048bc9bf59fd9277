"""Replay: rebuild read models from the stored events and prove them equal to the live ones.

python -m events.replay             compare only (exit 1 when anything differs)
python -m events.replay --aplicar   also rewrite the events service's projections from the events
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from dataclasses import asdict

from sqlalchemy.orm import Session, sessionmaker

from confeitaria_shared.auth import Autenticador, AuthSettings
from confeitaria_shared.config import env_secret, env_str
from confeitaria_shared.stores import create_engine

from .adaptadores.armazem import ArmazemSql, ProjecoesSql
from .adaptadores.servico_de_pedidos import ServicoDePedidosHttp
from .adaptadores.unidade import UnidadeSqlDeEventos
from .dominio.projecoes import PedidoVisto, projetar_pedidos
from .servicos.replay import provar


# Migration 0002 (frozen history) folds a store that already held events with these two, on its
# own connection: they are the replay's rewrite, without a unit of work of its own.
def pedidos_do_armazem(session: Session) -> dict[str, PedidoVisto]:
    """The orders projection folded again from every stored event about orders."""
    return projetar_pedidos(ArmazemSql(session).fatos_sobre_pedidos())


def reescrever(session: Session, pedidos: Mapping[str, PedidoVisto]) -> None:
    """Replace the projections' rows with the orders given and the per-type counts of the store."""
    ProjecoesSql(session).reescrever(pedidos.values(), ArmazemSql(session).contagem_por_tipo())


def instantaneo(sessions: sessionmaker[Session]) -> Session:
    """A session whose reads all see one snapshot of the store (REPEATABLE READ)."""
    session = sessions()
    session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    return session


def main(argv: list[str] | None = None) -> int:
    """Print the proofs as JSON; exit 0 when every rebuilt model equals its live one."""
    parser = argparse.ArgumentParser(prog="python -m events.replay", description=__doc__.splitlines()[0])
    parser.add_argument("--aplicar", action="store_true", help="rewrite the projections from the events")
    parser.add_argument("--sem-pedidos", action="store_true", help="do not compare with the orders service")
    args = parser.parse_args(argv)
    sessions = sessionmaker(create_engine(env_secret("DATABASE_URL")))
    servico = None
    if not args.sem_pedidos:
        token = Autenticador(AuthSettings.from_env()).emitir("replay", "staff")["token"]
        servico = ServicoDePedidosHttp(env_str("PEDIDOS_URL", "http://pedidos:5000"), token)
    with instantaneo(sessions) as session:
        provas = provar(UnidadeSqlDeEventos(lambda: session), args.aplicar, servico)
    resultado = {
        "iguais": all(p.iguais for p in provas),
        "aplicado": args.aplicar,
        "provas": [{**asdict(p), "iguais": p.iguais} for p in provas],
    }
    print(json.dumps(resultado, indent=2, ensure_ascii=False, default=str))
    return 0 if resultado["iguais"] else 1


if __name__ == "__main__":
    sys.exit(main())
