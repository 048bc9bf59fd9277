"""Order endpoints."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, request

from confeitaria_shared.responses import ok
from confeitaria_shared.validation import query_int

from .extensions import db
from .models import Pedido

api = Blueprint("pedidos", __name__, url_prefix="/api")

POR_PAGINA_MAX = 100


@api.get("/pedidos")
def listar_pedidos() -> tuple[Response, int]:
    """List orders, newest first, one page at a time."""
    pagina = query_int(request.args, "pagina", minimum=1) or 1
    por_pagina = min(query_int(request.args, "por_pagina", minimum=1) or 20, POR_PAGINA_MAX)
    total = db.session.execute(sa.select(sa.func.count()).select_from(Pedido)).scalar_one()
    mais_recentes = sa.select(Pedido).order_by(Pedido.criado_em.desc())
    pagina_de_pedidos = mais_recentes.limit(por_pagina).offset((pagina - 1) * por_pagina)
    pedidos = db.session.execute(pagina_de_pedidos).scalars()
    return ok([p.to_dict() for p in pedidos], total=total, pagina=pagina, por_pagina=por_pagina)
