"""The staff's stock operations: add, remove or set units, never below zero."""

from __future__ import annotations

from confeitaria_shared.contratos import eventos

from ..dominio.estoque import Movimento, Operacao, estoque_apos
from ..dominio.produtos import produto_nao_encontrado
from .portas import UnidadeDoCatalogo


def ajustar_estoque(
    uow: UnidadeDoCatalogo, produto_id: int, operacao: Operacao, quantidade: int
) -> dict[str, object]:
    """A staff stock operation: ledger movement and EstoqueAjustado in the same transaction."""
    # The product stays locked from the read to the write: a reservation cannot slip in between.
    saldo = uow.estoque.travar(produto_id)
    if saldo is None:
        raise produto_nao_encontrado(produto_id)
    depois = estoque_apos(saldo.estoque, operacao, quantidade)
    uow.estoque.definir(produto_id, depois)
    uow.estoque.registrar(Movimento(produto_id, depois - saldo.estoque, depois, "manual"))
    dados: dict[str, object] = {
        "produto_id": produto_id,
        "operacao": operacao,
        "quantidade": quantidade,
        "estoque_anterior": saldo.estoque,
        "estoque_atual": depois,
    }
    uow.eventos.de_produto(eventos.ESTOQUE_AJUSTADO, produto_id, saldo.versao, dados)
    uow.commit()
    return dados
