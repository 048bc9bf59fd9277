"""Replay: the read models rebuilt from the stored events, compared with the live ones, or rewritten."""

from __future__ import annotations

from confeitaria_shared.dominio import DominioError

from ..dominio.projecoes import projetar_pedidos
from ..dominio.prova import Linhas, Prova, comparar, linhas_dos_pedidos, linhas_dos_tipos, sem_comparacao
from .portas import ServicoDePedidos, UnidadeDeEventos

TABELA_VIVA = "tabela viva do serviço de eventos"


def provar(uow: UnidadeDeEventos, aplicar: bool, servico: ServicoDePedidos | None = None) -> list[Prova]:
    """Rebuild every model, compare each with its live one; with `aplicar`, rewrite the projections."""
    with uow:
        if aplicar:
            # Before the snapshot: the worker waits, so no event is counted both by it and by us.
            uow.projecoes.congelar()
        projetados = projetar_pedidos(uow.eventos.fatos_sobre_pedidos())
        pedidos = linhas_dos_pedidos(projetados)
        tipos = uow.eventos.contagem_por_tipo()
        provas = [
            comparar("pedidos_projetados", TABELA_VIVA, pedidos, linhas_dos_pedidos(uow.projecoes.pedidos())),
            comparar(
                "eventos_por_tipo",
                TABELA_VIVA,
                linhas_dos_tipos(tipos),
                linhas_dos_tipos(uow.projecoes.tipos()),
            ),
        ]
        if aplicar:
            uow.projecoes.reescrever(projetados.values(), tipos)
            uow.commit()
    if servico is not None:
        provas.append(provar_contra_servico(pedidos, servico))
    return provas


def provar_contra_servico(pedidos: Linhas, servico: ServicoDePedidos) -> Prova:
    """The rebuilt orders (status, total) against the orders service's own read model."""
    reconstruido = {p: linha[:2] for p, linha in pedidos.items()}
    try:
        vivo = servico.status_e_totais()
    except DominioError as erro:
        return sem_comparacao("pedidos", servico.endereco, reconstruido, erro.mensagem)
    return comparar("pedidos", f"{servico.endereco} (status, total)", reconstruido, vivo)
