"""Pure rules of the catalog: order items, versions read, conflicts, stock operations, reservations."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from flask import Flask

from catalogo.api import versao_do_if_match
from catalogo.dominio.estoque import estoque_apos
from catalogo.dominio.produtos import Produto
from catalogo.dominio.reservas import (
    LIBERADA,
    RESERVADA,
    SEM_ESTOQUE,
    VENDIDA,
    Confirmacao,
    ItensInvalidosError,
    Reserva,
    TransicaoDeReservaInvalidaError,
    agrupar_itens,
    faltando,
)
from catalogo.dominio.versoes import VersaoLida, versao_lida
from confeitaria_shared.dominio import ConflitoError, VersaoAusenteError, VersaoDivergenteError
from confeitaria_shared.errors import ApiError

AGORA = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def test_items_of_one_product_are_summed_and_sorted_by_id() -> None:
    itens = [
        {"produto_id": 7, "quantidade": 1},
        {"produto_id": 2, "quantidade": 3},
        {"produto_id": 7, "quantidade": 4},
    ]

    assert agrupar_itens(itens) == [(2, 3), (7, 5)]


@pytest.mark.parametrize(
    "itens",
    [
        [],
        [{"produto_id": 1, "quantidade": True}],
        [{"produto_id": -1, "quantidade": 1}],
        [{"produto_id": 1.0, "quantidade": 1}],
        [{"quantidade": 1}],
    ],
)
def test_items_that_are_not_positive_integers_are_refused(itens: list[dict[str, object]]) -> None:
    with pytest.raises(ItensInvalidosError):
        agrupar_itens(itens)


def test_the_version_comes_from_if_match_before_the_body() -> None:
    assert versao_lida(2, 5) == VersaoLida(5, por_if_match=True)
    assert versao_lida(2, None) == VersaoLida(2, por_if_match=False)


def test_a_change_without_any_version_is_refused_as_missing_its_version() -> None:
    with pytest.raises(VersaoAusenteError) as caught:
        versao_lida(None, None)

    assert caught.value.codigo == "VERSAO_OBRIGATORIA"


@pytest.mark.parametrize(("cabecalho", "versao"), [('"5"', 5), ('W/"5"', 5), (" 7 ", 7), ("", None)])
def test_the_if_match_header_names_the_version_read(cabecalho: str, versao: int | None) -> None:
    with Flask(__name__).test_request_context(headers={"If-Match": cabecalho}):
        assert versao_do_if_match() == versao


def test_an_if_match_that_is_not_a_version_is_a_400() -> None:
    with (
        Flask(__name__).test_request_context(headers={"If-Match": '"abc"'}),
        pytest.raises(ApiError) as caught,
    ):
        versao_do_if_match()

    assert (caught.value.status, caught.value.code) == (400, "IF_MATCH_INVALIDO")


def test_a_stale_version_conflicts_as_409_or_as_a_failed_if_match_precondition() -> None:
    with pytest.raises(ConflitoError) as pelo_corpo:
        VersaoLida(3, por_if_match=False).conferir(4)
    with pytest.raises(VersaoDivergenteError) as pelo_cabecalho:
        VersaoLida(3, por_if_match=True).conferir(4)

    assert (pelo_corpo.value.codigo, pelo_corpo.value.detalhes) == ("VERSAO_CONFLITANTE", {"versao_atual": 4})
    assert (pelo_cabecalho.value.codigo, pelo_cabecalho.value.detalhes) == (
        "PRECONDICAO_FALHOU",
        {"versao_atual": 4},
    )
    VersaoLida(4, por_if_match=True).conferir(4)


def test_stock_operations_add_set_and_remove_but_never_below_zero() -> None:
    assert estoque_apos(5, "adicionar", 3) == 8
    assert estoque_apos(5, "definir", 0) == 0
    assert estoque_apos(5, "remover", 5) == 0
    with pytest.raises(ConflitoError) as caught:
        estoque_apos(5, "remover", 6)

    assert caught.value.detalhes == {"disponivel": 5, "solicitado": 6}
    assert caught.value.mensagem == "Estoque insuficiente: pedido 6, disponível 5."


def test_what_is_missing_lists_only_items_beyond_what_is_available() -> None:
    assert faltando([(1, 2), (2, 5), (3, 1)], {1: 2, 2: 4}) == [
        {"produto_id": 2, "solicitado": 5, "disponivel": 4},
        {"produto_id": 3, "solicitado": 1, "disponivel": 0},
    ]


def reserva(status: str) -> Reserva:
    item = {"produto_id": 1, "quantidade": 2, "preco_unitario": "4.50", "nome": "Brigadeiro"}
    return Reserva("p1", status, [item], AGORA)  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("status", "confirmacao"),
    [
        (RESERVADA, Confirmacao.VENDER),
        (LIBERADA, Confirmacao.RETOMAR),
        (VENDIDA, Confirmacao.NADA),
        ("RECUSADA", Confirmacao.NADA),
        (SEM_ESTOQUE, Confirmacao.NADA),
    ],
)
def test_a_confirmation_sells_a_held_reservation_and_retakes_an_expired_one(
    status: str, confirmacao: Confirmacao
) -> None:
    assert reserva(status).ao_confirmar() is confirmacao


def test_only_held_or_sold_reservations_give_units_back_when_cancelled() -> None:
    assert [
        s for s in (RESERVADA, VENDIDA, LIBERADA, "RECUSADA", SEM_ESTOQUE) if reserva(s).segura_unidades()
    ] == [
        RESERVADA,
        VENDIDA,
    ]


def test_a_reservation_without_stock_is_final() -> None:
    sem_estoque = reserva(LIBERADA)
    sem_estoque.sem_estoque()

    with pytest.raises(TransicaoDeReservaInvalidaError):
        sem_estoque.vender()
    with pytest.raises(TransicaoDeReservaInvalidaError):
        sem_estoque.liberar()


def test_a_price_change_is_told_with_the_price_before_and_the_one_stored() -> None:
    produto = Produto(1, "Bolo", "", Decimal("10.00"), 3, 1, "Bolos", True, None, 1, AGORA, AGORA)

    alteracao = produto.alterar({"preco": Decimal("12.5")}, VersaoLida(1, False), None, AGORA)
    produto.preco = Decimal("12.50")  # as the database stores it

    assert [tipo for tipo, _ in alteracao.eventos(produto)] == ["ProdutoAtualizado", "PrecoAlterado"]
    assert alteracao.eventos(produto)[1][1] == {
        "produto_id": 1,
        "preco_anterior": Decimal("10.00"),
        "preco_novo": Decimal("12.50"),
    }
    assert produto.versao == 2
