"""`python -m drills <name>`: run one failover drill against the running stack and print its report."""

from __future__ import annotations

import argparse
import sys

from ferramentas.pilha import Pilha

from .execucao import executar
from .exercicios import EXERCICIOS, EXERCICIOS_HA, SABOTAGENS
from .replicas import executar_replicas

# Not a break-and-restore drill of the failure table: the gateway's balancing of scaled-out apps.
REPLICA_DE_3 = "replica-de-3"


def main(argv: list[str] | None = None) -> int:
    """Run the named drill; exit 0 when every invariant held."""
    parser = argparse.ArgumentParser(prog="python -m drills", description=__doc__)
    todos = {**EXERCICIOS, **EXERCICIOS_HA, **SABOTAGENS}
    parser.add_argument(
        "nome",
        choices=sorted([*todos, REPLICA_DE_3]),
        help="which drill (sabotagem-*: must fail; the failover ones need docker-compose.ha.yml)",
    )
    parser.add_argument("--gateway", default="http://127.0.0.1:8080")
    parser.add_argument("--project", default=None, help="docker compose project name")
    args = parser.parse_args(argv)
    pilha = Pilha(args.gateway, args.project)
    relatorio = executar_replicas(pilha) if args.nome == REPLICA_DE_3 else executar(pilha, todos[args.nome])
    print(relatorio.texto())
    return 0 if relatorio.ok else 1


if __name__ == "__main__":
    sys.exit(main())
