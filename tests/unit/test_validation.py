"""Parsing untrusted query parameters: typed values or a 400 that names the parameter."""

from __future__ import annotations

from decimal import Decimal

import pytest

from confeitaria_shared.context import accepted_request_id, accepted_traceparent
from confeitaria_shared.errors import ApiError
from confeitaria_shared.validation import query_bool, query_decimal, query_int


def test_an_absent_parameter_means_no_filter() -> None:
    assert query_int({}, "categoria_id") is None
    assert query_decimal({"preco_max": ""}, "preco_max") is None
    assert query_bool({}, "em_estoque") is None


@pytest.mark.parametrize("raw", ["abc", "1.5", "0", "-3"])
def test_a_bad_positive_integer_is_a_400_naming_the_parameter(raw: str) -> None:
    with pytest.raises(ApiError) as caught:
        query_int({"categoria_id": raw}, "categoria_id", minimum=1)

    assert caught.value.status == 400
    assert caught.value.code == "PARAMETRO_INVALIDO"
    assert caught.value.details["parametro"] == "categoria_id"


@pytest.mark.parametrize("raw", ["abc", "-1", "49.999", "NaN", "Infinity"])
def test_a_bad_money_amount_is_a_400(raw: str) -> None:
    with pytest.raises(ApiError):
        query_decimal({"preco_max": raw}, "preco_max")


def test_a_money_amount_is_read_exactly() -> None:
    assert query_decimal({"preco_max": "49.90"}, "preco_max") == Decimal("49.90")


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("false", False), ("0", False), ("Sim", True)])
def test_booleans_false_really_mean_false(raw: str, expected: bool) -> None:
    assert query_bool({"em_estoque": raw}, "em_estoque") is expected


def test_a_boolean_that_is_neither_is_a_400() -> None:
    with pytest.raises(ApiError):
        query_bool({"em_estoque": "talvez"}, "em_estoque")


def test_a_well_formed_request_id_is_kept_and_a_hostile_one_replaced() -> None:
    assert accepted_request_id("abc-123") == "abc-123"
    replaced = accepted_request_id('x"\n{injected}')
    assert replaced != 'x"\n{injected}'
    assert len(replaced) == 32


def test_only_a_valid_traceparent_is_kept() -> None:
    valid = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    assert accepted_traceparent(valid) == valid
    assert accepted_traceparent("00-zz-1-01") is None
    assert accepted_traceparent(None) is None
