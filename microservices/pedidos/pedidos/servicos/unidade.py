"""The orders' unit of work: the one owner of a use case's transaction, with the repositories it holds."""

from __future__ import annotations

from confeitaria_shared.unidade_de_trabalho import UnidadeDeTrabalho

from .portas import RepositorioDeClientes, RepositorioDePedidos, RepositorioDeTransacoes


class UnidadeDePedidos(UnidadeDeTrabalho):
    """Orders, their transações and the customers' accounts, changed together and committed once."""

    pedidos: RepositorioDePedidos
    transacoes: RepositorioDeTransacoes
    clientes: RepositorioDeClientes
