"""Pure rules of the catalog: order items, versions read, conflicts."""

from __future__ import annotations

import pytest

from catalogo.regras import ItensInvalidosError, agrupar_itens, conflito_de_versao, versao_esperada
from confeitaria_shared.errors import ApiError


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
    assert versao_esperada(2, '"5"') == (5, True)
    assert versao_esperada(2, 'W/"5"') == (5, True)
    assert versao_esperada(2, None) == (2, False)


def test_a_change_without_any_version_is_a_428() -> None:
    with pytest.raises(ApiError) as caught:
        versao_esperada(None, None)

    assert caught.value.status == 428


def test_an_if_match_that_is_not_a_version_is_a_400() -> None:
    with pytest.raises(ApiError) as caught:
        versao_esperada(None, '"abc"')

    assert caught.value.status == 400


def test_a_stale_version_conflicts_with_409_or_412_for_if_match() -> None:
    assert conflito_de_versao(4, 3, por_if_match=False).status == 409
    assert conflito_de_versao(4, 3, por_if_match=True).status == 412
    assert conflito_de_versao(4, 3, por_if_match=True).details == {"versao_atual": 4}
