"""Replay: rebuild read models from the stored events and prove them equal to the live ones.

python -m events.replay             compare only (exit 1 when anything differs)
python -m events.replay --aplicar   also rewrite the events service's projections from the events
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

import requests
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from confeitaria_shared.auth import Autenticador, AuthSettings
from confeitaria_shared.config import env_secret, env_str
from confeitaria_shared.stores import create_engine

from .armazenamento import SOBRE_PEDIDOS, fato, linha_do_pedido
from .models import Evento, EventosPorTipo, PedidoProjetado
from .projecoes import PedidoVisto, projetar_pedidos

Linhas = dict[str, tuple[Any, ...]]
CENTAVO = Decimal("0.01")
MOSTRAR_NO_MAXIMO = 20


@dataclass
class Prova:
    """A rebuilt model set against a live one: sizes, digests and the rows that differ."""

    modelo: str
    comparado_com: str
    linhas_reconstruidas: int
    linhas_vivas: int
    digest_reconstruido: str
    digest_vivo: str
    total_diferencas: int
    diferencas: list[dict[str, Any]] = field(default_factory=list)
    erro: str | None = None

    @property
    def iguais(self) -> bool:
        """True when both sides hold the same rows."""
        return self.erro is None and self.total_diferencas == 0


def digest(linhas: Linhas) -> str:
    """SHA-256 of the rows in key order: equal digests, equal models."""
    corpo = "\n".join(json.dumps([chave, *linhas[chave]], default=str) for chave in sorted(linhas))
    return hashlib.sha256(corpo.encode()).hexdigest()


def comparar(modelo: str, comparado_com: str, reconstruido: Linhas, vivo: Linhas) -> Prova:
    """Compare two models row by row."""
    diferencas = [
        {"chave": chave, "reconstruido": reconstruido.get(chave), "vivo": vivo.get(chave)}
        for chave in sorted(reconstruido.keys() | vivo.keys())
        if reconstruido.get(chave) != vivo.get(chave)
    ]
    return Prova(
        modelo,
        comparado_com,
        len(reconstruido),
        len(vivo),
        digest(reconstruido),
        digest(vivo),
        len(diferencas),
        diferencas[:MOSTRAR_NO_MAXIMO],
    )


def _centavos(valor: Any) -> str | None:
    return None if valor is None else str(Decimal(str(valor)).quantize(CENTAVO))


def _linha_projetada(linha: Mapping[Any, Any]) -> tuple[Any, ...]:
    return (
        linha["status"],
        _centavos(linha["total"]),
        linha["unidades"],
        linha["cliente_id"],
        linha["motivo_cancelamento"],
        linha["eventos"],
        linha["criado_em"].isoformat(),
        linha["atualizado_em"].isoformat(),
    )


def pedidos_do_armazem(session: Session) -> dict[str, PedidoVisto]:
    """The orders projection folded again from every stored event about orders."""
    consulta = (
        sa.select(Evento).where(SOBRE_PEDIDOS).order_by(Evento.posicao).execution_options(yield_per=1000)
    )
    return projetar_pedidos(fato(evento) for evento in session.execute(consulta).scalars())


def como_linhas(pedidos: Mapping[str, PedidoVisto]) -> Linhas:
    """Orders as comparable rows."""
    return {p: _linha_projetada(linha_do_pedido(pedido)) for p, pedido in pedidos.items()}


def pedidos_vivos(session: Session) -> Linhas:
    """The orders projection as the worker keeps it."""
    linhas = session.execute(sa.select(PedidoProjetado.__table__)).mappings()
    return {linha["pedido_id"]: _linha_projetada(linha) for linha in linhas}


def tipos_reconstruidos(session: Session) -> Linhas:
    """Events per type counted again in the store."""
    consulta = sa.select(Evento.tipo, sa.func.count(), sa.func.max(Evento.ocorrido_em)).group_by(Evento.tipo)
    return {tipo: (n, ultimo.isoformat()) for tipo, n, ultimo in session.execute(consulta)}


def tipos_vivos(session: Session) -> Linhas:
    """Events per type as the worker counts them."""
    consulta = sa.select(EventosPorTipo.tipo, EventosPorTipo.quantidade, EventosPorTipo.ultimo_em)
    return {tipo: (n, ultimo.isoformat()) for tipo, n, ultimo in session.execute(consulta)}


def pedidos_do_servico(pedidos_url: str, token: str, timeout_s: float = 10.0) -> Linhas:
    """Every order's status and total as the orders service's read model has them (staff API)."""
    linhas: Linhas = {}
    pagina = 1
    while True:
        resposta = requests.get(
            f"{pedidos_url}/api/pedidos",
            params={"pagina": pagina, "por_pagina": 100},
            headers={"Authorization": f"Bearer {token}"},
            timeout=timeout_s,
        )
        resposta.raise_for_status()
        corpo = resposta.json()
        for pedido in corpo["data"]:
            linhas[pedido["id"]] = (pedido["status"], _centavos(pedido["total"]))
        if not corpo["data"] or len(linhas) >= int(corpo["total"]):
            return linhas
        pagina += 1


def provar(
    sessions: sessionmaker[Session], aplicar: bool, pedidos_url: str | None, token: str
) -> list[Prova]:
    """Rebuild every model, compare each with its live one; with `aplicar`, rewrite the projections."""
    with sessions() as session, session.begin():
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        if aplicar:
            # Before the snapshot: the worker waits, so no event is counted both by it and by us.
            session.execute(sa.text("LOCK TABLE pedidos_projetados, eventos_por_tipo IN EXCLUSIVE MODE"))
        projetados = pedidos_do_armazem(session)
        pedidos = como_linhas(projetados)
        tipos = tipos_reconstruidos(session)
        provas = [
            comparar(
                "pedidos_projetados", "tabela viva do serviço de eventos", pedidos, pedidos_vivos(session)
            ),
            comparar("eventos_por_tipo", "tabela viva do serviço de eventos", tipos, tipos_vivos(session)),
        ]
        if aplicar:
            reescrever(session, projetados)
    if pedidos_url:
        provas.append(provar_contra_servico(pedidos, pedidos_url, token))
    return provas


def provar_contra_servico(pedidos: Linhas, pedidos_url: str, token: str) -> Prova:
    """The rebuilt orders (status, total) against the orders service's own read model."""
    reconstruido = {p: linha[:2] for p, linha in pedidos.items()}
    try:
        vivo = pedidos_do_servico(pedidos_url, token)
    except (requests.RequestException, KeyError, ValueError) as exc:
        return Prova("pedidos", pedidos_url, len(reconstruido), 0, digest(reconstruido), "", 0, erro=str(exc))
    return comparar("pedidos", f"{pedidos_url} (status, total)", reconstruido, vivo)


def reescrever(session: Session, pedidos: Mapping[str, PedidoVisto]) -> None:
    """Replace the projections' rows with the ones folded from the stored events."""
    session.execute(sa.delete(PedidoProjetado))
    session.execute(sa.delete(EventosPorTipo))
    if pedidos:
        session.execute(sa.insert(PedidoProjetado), [linha_do_pedido(p) for p in pedidos.values()])
    session.execute(
        sa.insert(EventosPorTipo).from_select(
            ["tipo", "quantidade", "ultimo_em"],
            sa.select(Evento.tipo, sa.func.count(), sa.func.max(Evento.ocorrido_em)).group_by(Evento.tipo),
        )
    )


def main(argv: list[str] | None = None) -> int:
    """Print the proofs as JSON; exit 0 when every rebuilt model equals its live one."""
    parser = argparse.ArgumentParser(prog="python -m events.replay", description=__doc__.splitlines()[0])
    parser.add_argument("--aplicar", action="store_true", help="rewrite the projections from the events")
    parser.add_argument("--sem-pedidos", action="store_true", help="do not compare with the orders service")
    args = parser.parse_args(argv)
    sessions = sessionmaker(create_engine(env_secret("DATABASE_URL")))
    pedidos_url = None if args.sem_pedidos else env_str("PEDIDOS_URL", "http://pedidos:5000")
    token = Autenticador(AuthSettings.from_env()).emitir("replay", "staff")["token"]
    provas = provar(sessions, args.aplicar, pedidos_url, token)
    resultado = {
        "iguais": all(p.iguais for p in provas),
        "aplicado": args.aplicar,
        "provas": [{**asdict(p), "iguais": p.iguais} for p in provas],
    }
    print(json.dumps(resultado, indent=2, ensure_ascii=False, default=str))
    return 0 if resultado["iguais"] else 1


if __name__ == "__main__":
    sys.exit(main())
