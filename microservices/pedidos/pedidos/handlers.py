"""The orders worker's handlers: each catalog answer runs its use case in the inbox's transaction."""

from __future__ import annotations

from functools import partial

from confeitaria_shared.contratos import eventos
from confeitaria_shared.inbox import Handler
from confeitaria_shared.unidade_sql import com_unidade

from .adaptadores.unidade import UnidadeSqlDePedidos
from .servicos.portas import ProvedorDePagamento
from .servicos.saga import ao_faltar_estoque, ao_reservar_estoque, ao_vender_sem_estoque


def handlers(provedor: ProvedorDePagamento) -> dict[str, Handler]:
    """Event type → the use case that applies it to orders, in the inbox's transaction."""
    casos = {
        eventos.ESTOQUE_RESERVADO: ao_reservar_estoque,
        eventos.ESTOQUE_INSUFICIENTE: ao_faltar_estoque,
        eventos.VENDA_SEM_ESTOQUE: ao_vender_sem_estoque,
    }
    return {
        tipo: com_unidade(UnidadeSqlDePedidos.sobre, partial(caso, provedor=provedor))
        for tipo, caso in casos.items()
    }
