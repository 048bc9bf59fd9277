"""The replay against in-memory fakes: rebuilt models proved equal to the live ones, or rewritten."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from confeitaria_shared.contratos import eventos, status
from confeitaria_shared.envelope import domain_event
from events.servicos.armazenamento import armazenar_lote
from events.servicos.replay import provar
from tests.support.fakes_events import ServicoDePedidosFalso, UnidadeFalsa

INICIO = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _loja() -> UnidadeFalsa:
    """A store whose worker kept the projections: one confirmed order, one product."""
    uow = UnidadeFalsa()
    lote = [
        domain_event(eventos.PEDIDO_CRIADO, "Pedido", "p1", {"itens": [{"quantidade": 2}]}, "pedidos"),
        domain_event(eventos.PEDIDO_CONFIRMADO, "Pedido", "p1", {"total": "25"}, "pedidos", version=2),
        domain_event(eventos.PRODUTO_CRIADO, "Produto", "9", {}, "catalogo"),
    ]
    armazenar_lote(
        uow, [replace(e, occurred_at=(INICIO + timedelta(seconds=i)).isoformat()) for i, e in enumerate(lote)]
    )
    uow.commits = 0
    return uow


def test_models_rebuilt_from_the_events_equal_the_live_ones_and_nothing_is_written() -> None:
    uow = _loja()

    provas = provar(uow, aplicar=False)

    assert [(p.modelo, p.iguais, p.linhas_reconstruidas) for p in provas] == [
        ("pedidos_projetados", True, 1),
        ("eventos_por_tipo", True, 3),
    ]
    assert uow.commits == 0 and not uow.projecoes.congelada


def test_a_live_row_that_drifted_from_the_events_is_reported_with_both_sides() -> None:
    uow = _loja()
    uow.projecoes.por_pedido["p1"] = replace(uow.projecoes.por_pedido["p1"], status=status.CANCELADO)

    pedidos, tipos = provar(uow, aplicar=False)

    assert not pedidos.iguais and tipos.iguais
    assert pedidos.total_diferencas == 1
    diferenca = pedidos.diferencas[0]
    assert diferenca["chave"] == "p1"
    assert (diferenca["reconstruido"][0], diferenca["vivo"][0]) == (status.CONFIRMADO, status.CANCELADO)


def test_applying_the_replay_freezes_the_projections_rewrites_them_and_commits() -> None:
    uow = _loja()
    uow.projecoes.por_pedido.clear()
    uow.projecoes.por_tipo.clear()

    provas = provar(uow, aplicar=True)

    assert not all(p.iguais for p in provas)  # the proof is of the state before the rewrite
    assert uow.projecoes.congelada and uow.commits == 1
    assert uow.projecoes.por_pedido["p1"].total == Decimal("25.00")
    assert provar(uow, aplicar=False)[0].iguais


def test_the_rebuilt_orders_are_compared_with_the_orders_service_by_status_and_total() -> None:
    servico = ServicoDePedidosFalso({"p1": (status.CONFIRMADO, "25.00")})

    prova = provar(_loja(), aplicar=False, servico=servico)[-1]

    assert (prova.modelo, prova.comparado_com, prova.iguais) == (
        "pedidos",
        "http://pedidos:5000 (status, total)",
        True,
    )


def test_an_orders_service_that_does_not_answer_makes_a_failed_proof_with_its_error() -> None:
    prova = provar(_loja(), aplicar=False, servico=ServicoDePedidosFalso(fora_do_ar=True))[-1]

    assert (prova.iguais, prova.erro, prova.linhas_vivas, prova.digest_vivo) == (
        False,
        "Connection refused",
        0,
        "",
    )
