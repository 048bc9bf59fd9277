"""The cart's Redis mechanics against a real Redis: caps, product copies, abandoned carts, conclusions."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

import redis
from carrinho import chaves, produtos
from carrinho.carrinhos import Carrinhos
from carrinho.checkout import concluir
from carrinho.worker import abandonados, relay_local
from confeitaria_shared.config import StreamSettings
from confeitaria_shared.envelope import EventEnvelope
from confeitaria_shared.errors import ApiError


@pytest.fixture
def cache(bus: redis.Redis) -> Iterator[redis.Redis]:
    bus.flushdb()
    yield bus


@pytest.fixture
def carrinhos(cache: redis.Redis) -> Carrinhos:
    return Carrinhos(cache, ttl_s=3600, max_linhas=2, max_quantidade=5)


def tipos_locais(cache: redis.Redis) -> list[str]:
    return [EventEnvelope.from_stream_fields(f).type for _id, f in cache.xrange(chaves.EVENTOS_LOCAIS)]


def test_a_cart_refuses_a_line_past_the_cap_of_lines(carrinhos: Carrinhos) -> None:
    session_id = carrinhos.criar()["session_id"]
    carrinhos.adicionar(session_id, 1, 1, "1.00")
    carrinhos.adicionar(session_id, 2, 1, "1.00")

    with pytest.raises(ApiError) as caught:
        carrinhos.adicionar(session_id, 3, 1, "1.00")

    assert caught.value.code == "LIMITE_DE_LINHAS"
    assert carrinhos.adicionar(session_id, 2, 1, "1.00") == 2  # an existing line still grows


def test_every_change_writes_its_event_in_the_same_script(carrinhos: Carrinhos, cache: redis.Redis) -> None:
    session_id = carrinhos.criar()["session_id"]
    carrinhos.adicionar(session_id, 1, 2, "1.00")
    carrinhos.definir(session_id, 1, 4)
    carrinhos.definir(session_id, 1, 0)

    assert tipos_locais(cache) == [
        "ItemAdicionadoAoCarrinho",
        "QuantidadeAlteradaNoCarrinho",
        "ItemRemovidoDoCarrinho",
    ]


def test_a_refused_change_writes_no_event(carrinhos: Carrinhos, cache: redis.Redis) -> None:
    session_id = carrinhos.criar()["session_id"]

    with pytest.raises(ApiError):
        carrinhos.adicionar(session_id, 1, 6, "1.00")

    assert tipos_locais(cache) == []


def test_an_older_product_event_never_overwrites_a_newer_copy(cache: redis.Redis) -> None:
    produtos.gravar(cache, 7, 3, preco="5.00")
    produtos.gravar(cache, 7, 2, preco="4.00")

    assert produtos.conhecidos(cache, ["7"])["7"]["preco"] == "5.00"


def test_an_expired_cart_with_items_is_reported_abandoned_once(
    carrinhos: Carrinhos, cache: redis.Redis
) -> None:
    session_id = carrinhos.criar()["session_id"]
    carrinhos.adicionar(session_id, 1, 1, "1.00")
    cache.delete(chaves.carrinho(session_id))  # what the TTL does
    cache.zadd(chaves.COM_ITENS, {session_id: time.time() - 1})

    assert abandonados(cache) == 1
    assert abandonados(cache) == 0
    assert tipos_locais(cache)[-1] == "CarrinhoAbandonado"


def test_a_confirmed_order_empties_its_cart_once_and_a_cancelled_one_reopens_it(
    carrinhos: Carrinhos, cache: redis.Redis
) -> None:
    from carrinho.checkout import Checkout

    primeiro, segundo = carrinhos.criar()["session_id"], carrinhos.criar()["session_id"]
    for session_id, pedido_id in ((primeiro, "pedido-1"), (segundo, "pedido-2")):
        carrinhos.adicionar(session_id, 1, 2, "1.00")
        Checkout(cache, "http://nao-usado", 3600)._fechar(session_id, pedido_id)

    assert concluir(cache, "pedido-1", "esvaziar") is True
    assert concluir(cache, "pedido-1", "esvaziar") is False
    assert concluir(cache, "pedido-2", "reabrir") is True

    esvaziado = cache.hgetall(chaves.carrinho(primeiro))
    # The cart is still there (open, its order remembered), only without lines.
    assert (esvaziado["_estado"], esvaziado["_ultimo_pedido_id"]) == ("ABERTO", "pedido-1")
    assert not any(campo.startswith("item:") for campo in esvaziado)
    reaberto = cache.hgetall(chaves.carrinho(segundo))
    assert (reaberto["_estado"], reaberto["item:1"]) == ("ABERTO", "2")


def test_cart_events_are_relayed_to_the_bus_and_removed_locally(
    carrinhos: Carrinhos, cache: redis.Redis, stream_settings: StreamSettings
) -> None:
    session_id = carrinhos.criar()["session_id"]
    carrinhos.adicionar(session_id, 1, 1, "1.00")

    assert relay_local(cache, cache, stream_settings.stream) == 1
    assert cache.xlen(chaves.EVENTOS_LOCAIS) == 0
    assert cache.xlen(stream_settings.stream) == 1
