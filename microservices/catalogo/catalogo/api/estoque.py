"""Stock endpoints: availability, staff operations, the ledger and its time travel."""

from __future__ import annotations

from flask import Response
from flask_openapi3 import APIBlueprint, Tag

from confeitaria_shared.auth import staff_para_escritas
from confeitaria_shared.extensoes import extensao
from confeitaria_shared.openapi import STAFF_ONLY
from confeitaria_shared.responses import ok

from ..adaptadores import consultas
from ..adaptadores.leitura import Leitor
from ..schemas import EstoqueQuery, HistoricoQuery, OperacaoEstoque, ProdutoPath
from ..servicos import estoque
from . import LEITOR, unidade

api = APIBlueprint("estoque", __name__, url_prefix="/api", abp_tags=[Tag(name="estoque")])
staff_para_escritas(api)


@api.get("/produtos/<produto_id>/estoque")
def consultar_estoque(path: ProdutoPath, query: EstoqueQuery) -> tuple[Response, int]:
    """Current stock and whether `quantidade` units are available now."""
    return ok(consultas.disponibilidade(extensao(LEITOR, Leitor), path.produto_id, query.quantidade))


@api.put("/produtos/<produto_id>/estoque", security=STAFF_ONLY)
def ajustar_estoque(path: ProdutoPath, body: OperacaoEstoque) -> tuple[Response, int]:
    """Add, remove or set units (staff); removing more than there is answers 409 ESTOQUE_INSUFICIENTE."""
    with unidade() as uow:
        return ok(estoque.ajustar_estoque(uow, path.produto_id, body.operacao, body.quantidade))


@api.get("/produtos/<produto_id>/estoque/historico")
def historico_de_estoque(path: ProdutoPath, query: HistoricoQuery) -> tuple[Response, int]:
    """The stock ledger, newest first; with `em`, the stock at that moment."""
    leitor = extensao(LEITOR, Leitor)
    if query.em is not None:
        em = query.em
        return ok(leitor.ler(lambda session: consultas.estoque_em(session, path.produto_id, em)))
    movimentos, total = leitor.ler(lambda session: consultas.historico(session, path.produto_id, query))
    return ok(movimentos, total=total, pagina=query.pagina, por_pagina=query.por_pagina)
