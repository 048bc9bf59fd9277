"""`python -m ferramentas.swarm gerar|verificar|segredos|remover-segredos|rotular`."""

from __future__ import annotations

import argparse
import sys

from . import gerador, no, segredos


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; its exit status."""
    parser = argparse.ArgumentParser(prog="python -m ferramentas.swarm", description=__doc__)
    sub = parser.add_subparsers(dest="comando", required=True)
    sub.add_parser("gerar", help="write deploy/confeitaria-stack.yml")
    sub.add_parser("verificar", help="fail if deploy/confeitaria-stack.yml is not what gerar writes")
    for nome, ajuda in (
        ("segredos", "create the stack's missing Docker secrets with random values"),
        ("remover-segredos", "remove the stack's Docker secrets (after docker stack rm)"),
    ):
        comando = sub.add_parser(nome, help=ajuda)
        comando.add_argument("--prefixo", default="confeitaria", help="the secrets' name prefix")
    sub.add_parser("rotular", help="on a one-node swarm, label the node for every stateful service")
    args = parser.parse_args(argv)

    if args.comando == "gerar":
        gerador.PILHA.write_text(gerador.gerado(), encoding="utf-8")
    elif args.comando == "verificar":
        if gerador.PILHA.read_text(encoding="utf-8") != gerador.gerado():
            print(f"{gerador.PILHA} is out of date: run make swarm-gerar", file=sys.stderr)
            return 1
    elif args.comando == "segredos":
        criados = segredos.criar(args.prefixo)
        print(f"secrets created: {' '.join(criados.nomes) or 'none (all existed)'}", file=sys.stderr)
        if criados.senha_da_equipe:
            # Shown once, as scripts/gerar-segredos.sh does: the swarm keeps only its hash.
            print(f"staff password (user admin): {criados.senha_da_equipe}", file=sys.stderr)
    elif args.comando == "remover-segredos":
        removidos = segredos.remover(args.prefixo)
        print(f"secrets removed: {' '.join(removidos) or 'none'}", file=sys.stderr)
    else:
        adicionados = no.rotular_este_no()
        print(f"labels added to this node: {' '.join(adicionados) or 'none'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
