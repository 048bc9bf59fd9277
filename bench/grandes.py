"""Large-data sections: the catalog's Python path at 100,000 products, event queries over 1,000,000."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from ferramentas.pilha import Pilha

from . import sinteticos
from .cenarios import SEM_CACHE
from .wrk import Medida, lua_cabecalhos, lua_get_rotativo, medir

CONEXOES_CATALOGO = 16
# Event queries are staff's and tools' reads, not a crowd: a few at once, each to answer fast.
CONEXOES_EVENTOS = 4
LISTAS = {
    "lista, 1ª página": "/api/produtos",
    "página filtrada": "/api/produtos?categoria_id=1&preco_max=50&em_estoque=true",
    "busca bolo": "/api/produtos?busca=bolo",
}


def _catalogo(pilha: Pilha, duracao_s: int, detalhes: list[str], prefixo: str) -> list[Medida]:
    g = pilha.gateway
    medidas = [
        medir(f"{prefixo}: {nome}", f"{g}{caminho}", duracao_s, conexoes=CONEXOES_CATALOGO, lua=SEM_CACHE)
        for nome, caminho in LISTAS.items()
    ]
    lua = SEM_CACHE + lua_get_rotativo(detalhes)
    medidas.append(medir(f"{prefixo}: produto", g, duracao_s, conexoes=CONEXOES_CATALOGO, lua=lua))
    return medidas


@contextmanager
def sinteticos_visiveis(pilha: Pilha) -> Iterator[None]:
    """The synthetic products active while the block runs, inactive (out of every list) after."""
    sinteticos.mostrar_produtos(pilha, True)
    try:
        yield
    finally:
        sinteticos.mostrar_produtos(pilha, False)


def catalogo(pilha: Pilha, duracao_s: int) -> dict[str, list[Medida]]:
    """The cache-bypassed list, filtered page, search and detail: small catalogue, then 100,000 more."""
    pequeno = _catalogo(pilha, duracao_s, [f"/api/produtos/{i}" for i in range(1, 31)], "pequeno")
    with sinteticos_visiveis(pilha):
        ids = sinteticos.ids_de_produtos(pilha, 30)
        grande = _catalogo(pilha, duracao_s, [f"/api/produtos/{i}" for i in ids], "100 mil")
    return {"pequeno": pequeno, "grande": grande}


def _instante(quando: datetime) -> str:
    return quando.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def consultas_de_eventos(agora: datetime) -> dict[str, list[str]]:
    """Each filter of `GET /api/eventos` (and a correlation), over the synthetic events."""
    agregados = [f"sint-{n}" for n in range(1_000, 181_000, 6_000)]
    hora = agora - timedelta(days=10)
    janela = {"desde": _instante(hora), "ate": _instante(hora + timedelta(hours=1))}
    pagina = "/api/eventos?"
    return {
        "sem filtro": [pagina],
        "tipo raro (PedidoCriado)": [pagina + "tipo=PedidoCriado"],
        "tipo comum (SinteticoPago)": [pagina + "tipo=SinteticoPago"],
        "tipo, ordem asc": [pagina + "tipo=SinteticoPago&ordem=asc"],
        "agregado_tipo": [pagina + "agregado_tipo=Sintetico"],
        "agregado_id": [pagina + urlencode({"agregado_id": a}) for a in agregados],
        "agregado_tipo + agregado_id": [
            pagina + urlencode({"agregado_tipo": "Sintetico", "agregado_id": a}) for a in agregados
        ],
        "correlation_id": [pagina + urlencode({"correlation_id": a}) for a in agregados],
        "período de 1 hora": [pagina + urlencode(janela)],
        "desde (últimos 2 dias)": [pagina + urlencode({"desde": _instante(agora - timedelta(days=2))})],
        "até (20 dias atrás)": [pagina + urlencode({"ate": _instante(agora - timedelta(days=20))})],
        "tipo + período": [pagina + urlencode({"tipo": "SinteticoPago", **janela})],
        "correlação (causal)": [f"/api/eventos/correlacao/{a}" for a in agregados],
    }


def eventos(pilha: Pilha, duracao_s: int) -> list[Medida]:
    """Every event query of the store's staff API, with the 1,000,000 synthetic events in it."""
    # Staff only: any other request is a 401, counted by wrk as an error.
    como_staff = lua_cabecalhos(pilha.staff)
    return [
        medir(
            f"eventos: {nome}",
            pilha.gateway,
            duracao_s,
            conexoes=CONEXOES_EVENTOS,
            threads=1,
            lua=SEM_CACHE + como_staff + lua_get_rotativo(caminhos),
        )
        for nome, caminhos in consultas_de_eventos(datetime.now(UTC)).items()
    ]
