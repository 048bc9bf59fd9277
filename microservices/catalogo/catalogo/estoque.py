"""Stock use cases: manual operations, and the saga's reserve, sell and release. Never below zero."""

from __future__ import annotations

from typing import Literal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from confeitaria_shared.context import current_request_id
from confeitaria_shared.errors import ApiError

from .eventos import publicar_de_produto
from .models import MovimentoEstoque

Operacao = Literal["adicionar", "remover", "definir"]

# The row is locked by the sub-select, so `antes` is the value this update replaced.
_AJUSTE = {
    "adicionar": "antes.estoque + :q",
    "remover": "antes.estoque - :q",
    "definir": ":q",
}


def alterar_estoque(
    session: Session, produto_id: int, operacao: Operacao, quantidade: int
) -> tuple[int, int] | None:
    """Apply the operation atomically; (before, after), or None when it would go below zero."""
    condicao = "AND antes.estoque >= :q" if operacao == "remover" else ""
    row = session.execute(
        sa.text(
            f"UPDATE produtos p SET estoque = {_AJUSTE[operacao]}, atualizado_em = now() "
            "FROM (SELECT id, estoque FROM produtos WHERE id = :id FOR UPDATE) AS antes "
            f"WHERE p.id = antes.id {condicao} RETURNING antes.estoque, p.estoque"
        ),
        {"id": produto_id, "q": quantidade},
    ).first()
    return (row[0], row[1]) if row else None


def registrar_movimento(
    session: Session,
    produto_id: int,
    delta: int,
    resultante: int,
    motivo: str,
    pedido_id: str | None = None,
    correlation_id: str | None = None,
) -> None:
    """Append one movement to the ledger."""
    session.add(
        MovimentoEstoque(
            produto_id=produto_id,
            delta=delta,
            estoque_resultante=resultante,
            motivo=motivo,
            pedido_id=pedido_id,
            correlation_id=correlation_id or current_request_id(),
        )
    )


def ajustar_estoque(
    session: Session, produto_id: int, operacao: Operacao, quantidade: int
) -> dict[str, object]:
    """A staff stock operation: ledger movement and EstoqueAjustado in the same transaction."""
    resultado = alterar_estoque(session, produto_id, operacao, quantidade)
    if resultado is None:
        atual = session.execute(
            sa.text("SELECT estoque FROM produtos WHERE id = :id"), {"id": produto_id}
        ).scalar()
        session.rollback()
        if atual is None:
            raise ApiError(404, "PRODUTO_NAO_ENCONTRADO", f"Produto {produto_id} não existe.")
        raise ApiError(
            409,
            "ESTOQUE_INSUFICIENTE",
            f"Estoque insuficiente: pedido {quantidade}, disponível {atual}.",
            disponivel=atual,
            solicitado=quantidade,
        )
    antes, depois = resultado
    registrar_movimento(session, produto_id, depois - antes, depois, "manual")
    versao = session.execute(
        sa.text("SELECT versao FROM produtos WHERE id = :id"), {"id": produto_id}
    ).scalar_one()
    dados: dict[str, object] = {
        "produto_id": produto_id,
        "operacao": operacao,
        "quantidade": quantidade,
        "estoque_anterior": antes,
        "estoque_atual": depois,
    }
    publicar_de_produto(session, "EstoqueAjustado", produto_id, versao, dados)
    session.commit()
    return dados
