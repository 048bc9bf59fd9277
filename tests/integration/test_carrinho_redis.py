"""The cart's Redis mechanics against a real Redis: caps, product copies, abandoned carts, conclusions."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

import redis
from carrinho.adaptadores import chaves
from carrinho.adaptadores.redis_carrinhos import CarrinhosRedis
from carrinho.adaptadores.redis_copias import CopiasRedis
from carrinho.adaptadores.relay_local import relay_local
from carrinho.dominio import eventos as eventos_do_carrinho
from carrinho.dominio.carrinho import Carrinho
from carrinho.dominio.desfecho import Desfecho, Fechamento
from carrinho.dominio.edicao import Limites
from carrinho.dominio.erros import ProdutoDesconhecidoError
from carrinho.dominio.produto import como_campo_do_hash
from carrinho.handlers import handlers
from carrinho.servicos.carrinhos import abrir_sessao
from carrinho.servicos.checkout import concluir
from carrinho.servicos.reacoes import varrer_abandonados
from confeitaria_shared.config import StreamSettings
from confeitaria_shared.contratos import eventos
from confeitaria_shared.dominio import DominioError
from confeitaria_shared.envelope import EventEnvelope, domain_event
from confeitaria_shared.errors import status_do_erro
from tests.support.docker import REDIS_SENHAS, docker, redis_server, wait_for
from tests.support.fakes_carrinho import CarrinhosEmMemoria

SENHA_DO_CARRINHO = "senha-do-carrinho-de-teste"


@pytest.fixture(scope="session")
def redis_do_carrinho() -> Iterator[str]:
    """A Redis with the cart's users (redis/acl/carrinho.acl), as carrinho-redis runs; its admin's URL."""
    with redis_server("carrinho", {"REDIS_PASSWORD_CARRINHO": SENHA_DO_CARRINHO}) as (url, _container):
        yield url


# The caller of a guest's cart: anyone holding its id.
CONVIDADO = ""
# An order's lines, as the checkout keeps them: two units of product 1.
DOIS_DO_1 = [(1, 2)]


@dataclass
class Carrinhos:
    """The Redis repository, each change carrying the event its use case gives it."""

    repositorio: CarrinhosRedis

    def criar(self, cliente_id: str | None = None) -> str:
        return str(abrir_sessao(self.repositorio, cliente_id)["session_id"])

    def adicionar(self, session_id: str, produto_id: int, quantidade: int, quem: str) -> Carrinho:
        evento = eventos_do_carrinho.item_adicionado(session_id, produto_id, quantidade)
        return self.repositorio.adicionar(session_id, produto_id, quantidade, quem, evento)

    def definir(self, session_id: str, produto_id: int, quantidade: int, quem: str) -> Carrinho:
        evento = eventos_do_carrinho.quantidade_definida(session_id, produto_id, quantidade)
        return self.repositorio.definir(session_id, produto_id, quantidade, quem, evento)

    def descartar(self, session_id: str, quem: str) -> None:
        self.repositorio.descartar(session_id, quem, eventos_do_carrinho.descartado(session_id))

    def ler(self, session_id: str, quem: str) -> Carrinho:
        return self.repositorio.ler(session_id, quem)

    def fechar(self, session_id: str, pedido_id: str, checkouts: int = 0) -> bool:
        """Close the cart with two units of product 1; False only when refused (closed with another)."""
        evento = eventos_do_carrinho.checkout_realizado(session_id, pedido_id)
        fechamento = self.repositorio.fechar(session_id, pedido_id, DOIS_DO_1, checkouts, evento)
        return fechamento is not Fechamento.RECUSADO

    def concluir(self, pedido_id: str, desfecho: Desfecho) -> bool:
        return concluir(self.repositorio, pedido_id, desfecho)


@pytest.fixture
def cache(redis_do_carrinho: str) -> Iterator[redis.Redis]:
    """The cart's Redis, emptied by its admin, as the cart's own user sees it: every test below runs
    under the cart's ACL, so a command or key the cart's code needs and the ACL refuses fails here."""
    admin = redis.Redis.from_url(redis_do_carrinho)
    admin.flushdb()
    admin.close()
    url = redis_do_carrinho.replace("admin:", "carrinho:").replace(
        REDIS_SENHAS["REDIS_PASSWORD_ADMIN"], SENHA_DO_CARRINHO
    )
    client = redis.Redis.from_url(url, decode_responses=True)
    yield client
    client.close()


@pytest.fixture
def carrinhos(cache: redis.Redis) -> Carrinhos:
    return Carrinhos(CarrinhosRedis(cache, ttl_s=3600, max_linhas=2, max_quantidade=5))


def gravar(cache: redis.Redis, produto_id: int, versao: int, **campos: object) -> None:
    """Store fields of a product's copy as the catalog's events or a fetch do."""
    CopiasRedis(cache).gravar(
        produto_id, versao, {campo: como_campo_do_hash(valor) for campo, valor in campos.items()}
    )


def conhecidos(cache: redis.Redis, ids: list[str]) -> dict[str, dict[str, str]]:
    return CopiasRedis(cache).conhecidos(ids)


def copia(
    cache: redis.Redis, produto_id: int, estoque: int = 100, preco: str = "1.00", versao: int = 1
) -> None:
    """A complete local copy of a product, as the catalog's events or a fetch leave it."""
    gravar(cache, produto_id, versao, nome=f"Produto {produto_id}", preco=preco, ativo=True, estoque=estoque)


def reacoes(carrinhos: Carrinhos) -> dict[str, Callable[[EventEnvelope, redis.Redis], None]]:
    """The worker's handlers, over this test's repository."""
    return handlers(lambda _cliente: carrinhos.repositorio)


def tipos_locais(cache: redis.Redis) -> list[str]:
    return [EventEnvelope.from_stream_fields(f).type for _id, f in cache.xrange(chaves.EVENTOS_LOCAIS)]


def test_a_cart_refuses_a_line_past_the_cap_of_lines(carrinhos: Carrinhos, cache: redis.Redis) -> None:
    for produto_id in (1, 2, 3):
        copia(cache, produto_id)
    session_id = carrinhos.criar()
    carrinhos.adicionar(session_id, 1, 1, CONVIDADO)
    carrinhos.adicionar(session_id, 2, 1, CONVIDADO)

    with pytest.raises(DominioError) as caught:
        carrinhos.adicionar(session_id, 3, 1, CONVIDADO)

    assert caught.value.codigo == "LIMITE_DE_LINHAS"
    assert (
        carrinhos.adicionar(session_id, 2, 1, CONVIDADO).campos["item:2"] == "2"
    )  # an existing line still grows


def test_every_change_writes_its_event_in_the_same_script(carrinhos: Carrinhos, cache: redis.Redis) -> None:
    copia(cache, 1)
    session_id = carrinhos.criar()
    carrinhos.adicionar(session_id, 1, 2, CONVIDADO)
    carrinhos.definir(session_id, 1, 4, CONVIDADO)
    carrinhos.definir(session_id, 1, 0, CONVIDADO)

    assert tipos_locais(cache) == [
        "ItemAdicionadoAoCarrinho",
        "QuantidadeAlteradaNoCarrinho",
        "ItemRemovidoDoCarrinho",
    ]


def test_a_refused_change_writes_no_event(carrinhos: Carrinhos, cache: redis.Redis) -> None:
    copia(cache, 1)
    session_id = carrinhos.criar()

    with pytest.raises(DominioError):
        carrinhos.adicionar(session_id, 1, 6, CONVIDADO)

    assert tipos_locais(cache) == []


def test_an_older_product_event_never_overwrites_a_newer_copy(cache: redis.Redis) -> None:
    gravar(cache, 7, 3, preco="5.00")
    gravar(cache, 7, 2, preco="4.00")

    assert conhecidos(cache, ["7"])["7"]["preco"] == "5.00"


def test_an_older_product_event_fills_only_the_fields_a_newer_copy_lacks(cache: redis.Redis) -> None:
    gravar(cache, 7, 3, preco="5.00")  # a PrecoAlterado that overtook its ProdutoCriado
    gravar(cache, 7, 2, nome="Bolo", preco="4.00", ativo=True, estoque=8)

    assert conhecidos(cache, ["7"])["7"] == {
        "versao": "3",
        "preco": "5.00",
        "nome": "Bolo",
        "ativo": "1",
        "estoque": "8",
    }


def test_an_add_answers_from_the_copy_with_its_price_and_the_cart_as_it_now_stands(
    carrinhos: Carrinhos, cache: redis.Redis
) -> None:
    copia(cache, 1, preco="7.50")
    copia(cache, 2, preco="2.00")
    session_id = carrinhos.criar()
    carrinhos.adicionar(session_id, 2, 1, CONVIDADO)

    retrato = carrinhos.adicionar(session_id, 1, 2, CONVIDADO)

    assert (retrato.campos["item:1"], retrato.campos["preco:1"], retrato.campos["item:2"]) == (
        "2",
        "7.50",
        "1",
    )
    assert retrato.copias == {
        "1": {"nome": "Produto 1", "preco": "7.50", "ativo": "1"},
        "2": {"nome": "Produto 2", "preco": "2.00", "ativo": "1"},
    }
    assert carrinhos.ler(session_id, CONVIDADO) == retrato


@pytest.mark.parametrize(
    "campos",
    [
        {},  # never seen (or lost with a Redis that restarted empty)
        {"nome": "Bolo", "ativo": True, "estoque": 5},  # a copy from before prices were kept
        {"nome": "Bolo", "preco": "3.00", "ativo": True},  # a copy from before stock hints were kept
    ],
)
def test_an_add_without_a_usable_copy_asks_for_a_fetch_and_changes_nothing(
    carrinhos: Carrinhos, cache: redis.Redis, campos: dict[str, object]
) -> None:
    if campos:
        gravar(cache, 1, 1, **campos)
    session_id = carrinhos.criar()

    with pytest.raises(ProdutoDesconhecidoError):
        carrinhos.adicionar(session_id, 1, 1, CONVIDADO)

    assert carrinhos.ler(session_id, CONVIDADO).campos.get("item:1") is None
    assert tipos_locais(cache) == []


def test_an_inactive_copy_refuses_the_add_even_without_a_price(
    carrinhos: Carrinhos, cache: redis.Redis
) -> None:
    gravar(cache, 1, 4, ativo=False)  # a ProdutoDesativado seen before anything else
    session_id = carrinhos.criar()

    with pytest.raises(DominioError) as caught:
        carrinhos.adicionar(session_id, 1, 1, CONVIDADO)

    assert (status_do_erro(caught.value), caught.value.codigo) == (409, "PRODUTO_INATIVO")


def test_the_stock_hint_refuses_an_add_past_it_with_what_is_available(
    carrinhos: Carrinhos, cache: redis.Redis
) -> None:
    copia(cache, 1, estoque=3)
    session_id = carrinhos.criar()
    carrinhos.adicionar(session_id, 1, 2, CONVIDADO)

    with pytest.raises(DominioError) as caught:
        carrinhos.adicionar(session_id, 1, 2, CONVIDADO)

    assert (caught.value.codigo, caught.value.detalhes) == (
        "ESTOQUE_INSUFICIENTE",
        {"disponivel": 3, "solicitado": 4},
    )
    assert tipos_locais(cache) == ["ItemAdicionadoAoCarrinho"]


def test_a_read_renews_the_session_and_an_unknown_one_is_a_404(
    carrinhos: Carrinhos, cache: redis.Redis
) -> None:
    session_id = carrinhos.criar()
    cache.expire(chaves.carrinho(session_id), 100)

    carrinhos.ler(session_id, CONVIDADO)

    assert cache.ttl(chaves.carrinho(session_id)) > 100
    with pytest.raises(DominioError) as caught:
        carrinhos.ler("0" * 32, CONVIDADO)
    assert caught.value.codigo == "SESSAO_NAO_ENCONTRADA"


def test_an_expired_cart_with_items_is_reported_abandoned_once(
    carrinhos: Carrinhos, cache: redis.Redis
) -> None:
    copia(cache, 1)
    session_id = carrinhos.criar()
    carrinhos.adicionar(session_id, 1, 1, CONVIDADO)
    cache.delete(chaves.carrinho(session_id))  # what the TTL does
    cache.zadd(chaves.COM_ITENS, {session_id: time.time() - 1})

    assert varrer_abandonados(carrinhos.repositorio) == 1
    assert varrer_abandonados(carrinhos.repositorio) == 0
    assert tipos_locais(cache)[-1] == "CarrinhoAbandonado"


def test_a_confirmed_order_empties_its_cart_once_and_a_cancelled_one_reopens_it(
    carrinhos: Carrinhos, cache: redis.Redis
) -> None:
    copia(cache, 1)
    primeiro, segundo = carrinhos.criar(), carrinhos.criar()
    for session_id, pedido_id in ((primeiro, "pedido-1"), (segundo, "pedido-2")):
        carrinhos.adicionar(session_id, 1, 2, CONVIDADO)
        carrinhos.fechar(session_id, pedido_id)

    assert carrinhos.concluir("pedido-1", Desfecho.ESVAZIAR) is True
    assert carrinhos.concluir("pedido-1", Desfecho.ESVAZIAR) is False
    assert carrinhos.concluir("pedido-2", Desfecho.REABRIR) is True

    esvaziado = cache.hgetall(chaves.carrinho(primeiro))
    # The cart is still there (open, its order remembered), only without lines.
    assert (esvaziado["_estado"], esvaziado["_ultimo_pedido_id"]) == ("ABERTO", "pedido-1")
    assert not any(campo.startswith("item:") for campo in esvaziado)
    reaberto = cache.hgetall(chaves.carrinho(segundo))
    assert (reaberto["_estado"], reaberto["item:1"]) == ("ABERTO", "2")


def test_an_order_cancelled_after_its_confirmation_leaves_the_emptied_cart_open_as_the_customer_left_it(
    carrinhos: Carrinhos, cache: redis.Redis
) -> None:
    def do_pedido(tipo: str, versao: int) -> EventEnvelope:
        return domain_event(tipo, "Pedido", "pedido-3", {"pedido_id": "pedido-3"}, "pedidos", version=versao)

    copia(cache, 1)
    copia(cache, 2)
    session_id = carrinhos.criar()
    carrinhos.adicionar(session_id, 1, 2, CONVIDADO)
    carrinhos.fechar(session_id, "pedido-3")
    reacoes(carrinhos)[eventos.PEDIDO_CONFIRMADO](do_pedido("PedidoConfirmado", 4), cache)
    carrinhos.adicionar(session_id, 2, 1, CONVIDADO)  # the next purchase starts in the emptied cart

    # Confirmed after its reservation expired, its units gone: cancelled (ESTOQUE_EXPIRADO) and refunded.
    reacoes(carrinhos)[eventos.PEDIDO_CANCELADO](do_pedido("PedidoCancelado", 5), cache)

    carrinho = cache.hgetall(chaves.carrinho(session_id))
    assert (carrinho["_estado"], carrinho["_ultimo_pedido_id"]) == ("ABERTO", "pedido-3")
    assert {campo: valor for campo, valor in carrinho.items() if campo.startswith("item:")} == {"item:2": "1"}
    assert tipos_locais(cache)[-3:] == [
        "CheckoutRealizado",
        "CarrinhoConvertido",
        "ItemAdicionadoAoCarrinho",
    ]


def test_cart_events_are_relayed_to_the_bus_and_removed_locally(
    carrinhos: Carrinhos, cache: redis.Redis, bus: redis.Redis, stream_settings: StreamSettings
) -> None:
    copia(cache, 1)
    session_id = carrinhos.criar()
    carrinhos.adicionar(session_id, 1, 1, CONVIDADO)

    assert relay_local(cache, bus, stream_settings.stream) == 1
    assert cache.xlen(chaves.EVENTOS_LOCAIS) == 0
    assert bus.xlen(stream_settings.stream) == 1


def test_the_carts_user_cannot_flush_configure_or_touch_keys_outside_the_carts(cache: redis.Redis) -> None:
    for comando in (("FLUSHALL",), ("CONFIG", "GET", "*"), ("KEYS", "*"), ("SET", "outra:chave", "1")):
        with pytest.raises(redis.exceptions.NoPermissionError):
            cache.execute_command(*comando)


def test_catalog_events_feed_the_copy_adds_answer_from_stock_hint_and_deactivation_included(
    carrinhos: Carrinhos, cache: redis.Redis
) -> None:
    def evento(tipo: str, versao: int, dados: dict[str, object]) -> EventEnvelope:
        return domain_event(tipo, "Produto", 9, dados, "catalogo", version=versao)

    produto = {"id": 9, "nome": "Torta", "preco": "20.00", "ativo": True, "estoque": 1, "versao": 1}
    session_id = carrinhos.criar()
    reacoes(carrinhos)[eventos.PRODUTO_CRIADO](evento("ProdutoCriado", 1, produto), cache)
    reacoes(carrinhos)[eventos.ESTOQUE_AJUSTADO](
        evento("EstoqueAjustado", 1, {"produto_id": 9, "estoque_atual": 5}), cache
    )

    assert carrinhos.adicionar(session_id, 9, 5, CONVIDADO).campos["preco:9"] == "20.00"

    reacoes(carrinhos)[eventos.PRODUTO_DESATIVADO](evento("ProdutoDesativado", 2, {"produto_id": 9}), cache)
    with pytest.raises(DominioError) as caught:
        carrinhos.adicionar(session_id, 9, 1, CONVIDADO)
    assert caught.value.codigo == "PRODUTO_INATIVO"
    assert carrinhos.ler(session_id, CONVIDADO).copias["9"]["ativo"] == "0"


def test_a_read_carries_accented_names_and_an_empty_cart_has_no_copies(
    carrinhos: Carrinhos, cache: redis.Redis
) -> None:
    gravar(cache, 4, 1, nome="Pão de Queijo/Minas", preco="2.50", ativo=True, estoque=9)
    vazio, cheio = carrinhos.criar(), carrinhos.criar()
    carrinhos.adicionar(cheio, 4, 1, CONVIDADO)

    assert carrinhos.ler(vazio, CONVIDADO).copias == {}
    assert carrinhos.ler(cheio, CONVIDADO).copias["4"]["nome"] == "Pão de Queijo/Minas"


def test_a_customers_cart_answers_to_them_and_to_staff_and_is_not_found_for_anyone_else(
    carrinhos: Carrinhos, cache: redis.Redis
) -> None:
    copia(cache, 1)
    session_id = carrinhos.criar("cliente-a")
    carrinhos.adicionar(session_id, 1, 1, "cliente-a")

    for intruso in ("cliente-b", CONVIDADO):
        for tentativa in (
            lambda quem: carrinhos.ler(session_id, quem),
            lambda quem: carrinhos.adicionar(session_id, 1, 1, quem),
            lambda quem: carrinhos.definir(session_id, 1, 5, quem),
            lambda quem: carrinhos.descartar(session_id, quem),
        ):
            with pytest.raises(DominioError) as caught:
                tentativa(intruso)
            assert (status_do_erro(caught.value), caught.value.codigo) == (404, "SESSAO_NAO_ENCONTRADA")
    assert carrinhos.ler(session_id, "*").campos["item:1"] == "1"
    assert carrinhos.adicionar(session_id, 1, 1, "cliente-a").campos["item:1"] == "2"


def test_a_late_checkout_answer_never_closes_again_a_cart_whose_order_already_ended(
    carrinhos: Carrinhos, cache: redis.Redis
) -> None:
    copia(cache, 1)
    session_id = carrinhos.criar()
    carrinhos.adicionar(session_id, 1, 2, CONVIDADO)
    assert carrinhos.fechar(session_id, "pedido-1")
    assert carrinhos.concluir("pedido-1", Desfecho.ESVAZIAR)

    # A racing checkout that read the cart before its first order ended answers with that order.
    assert carrinhos.fechar(session_id, "pedido-1", 0)

    cart = cache.hgetall(chaves.carrinho(session_id))
    assert (cart["_estado"], cart.get("_pedido_id"), cart["_checkouts"]) == ("ABERTO", None, "1")
    assert carrinhos.fechar(session_id, "pedido-2", 1)
    assert not carrinhos.fechar(session_id, "pedido-3", 1)  # closed with another order: refused


def test_a_scripts_writes_survive_a_restart_of_the_carts_redis_under_its_users() -> None:
    # Redis 7.0 replays the append-only file as the default user and checks the ACL at each EXEC:
    # a default user allowed nothing would drop every script's writes at restart (redis/acl/base.acl).
    with redis_server("carrinho", {"REDIS_PASSWORD_CARRINHO": SENHA_DO_CARRINHO}) as (url, container):
        carrinho_url = url.replace("admin:", "carrinho:").replace(
            REDIS_SENHAS["REDIS_PASSWORD_ADMIN"], SENHA_DO_CARRINHO
        )
        script = "redis.call('SET', KEYS[1], 'a'); redis.call('HSET', KEYS[2], 'f', 'b'); return 1"
        redis.Redis.from_url(carrinho_url).eval(script, 2, "carrinho:x", "carrinho:y")

        docker("restart", container.id)

        def admin() -> redis.Redis:
            # A restarted container gets a new host port.
            porta = docker("port", container.id, "6379/tcp").splitlines()[0].rsplit(":", 1)[1]
            return redis.Redis.from_url(
                url.replace(f":{container.port}/", f":{porta}/"), decode_responses=True
            )

        wait_for("redis after the restart", lambda: admin().ping())

        assert (admin().get("carrinho:x"), admin().hget("carrinho:y", "f")) == ("a", "b")
        assert admin().acl_log() == []


def test_confirming_an_order_takes_out_only_its_lines_and_keeps_what_was_added_meanwhile(
    carrinhos: Carrinhos, cache: redis.Redis
) -> None:
    copia(cache, 1)
    copia(cache, 2)
    session_id = carrinhos.criar()
    carrinhos.adicionar(session_id, 1, 3, CONVIDADO)
    # The order was made of two units of product 1; while it ran, one unit more and product 2 came in.
    carrinhos.adicionar(session_id, 2, 1, CONVIDADO)
    carrinhos.fechar(session_id, "pedido-1")

    assert carrinhos.concluir("pedido-1", Desfecho.ESVAZIAR)

    cart = cache.hgetall(chaves.carrinho(session_id))
    assert (cart["item:1"], cart["item:2"], cart["_linhas"]) == ("1", "1", "2")
    assert "_pedido_itens" not in cart


def _roteiro(repositorio: Any, copias: Any) -> list[object]:
    """Every rule of the cart's scripts, in one story; what each step answered (a refusal by its code)."""
    for produto_id, campos in (
        (1, {"nome": "Bolo", "preco": "3.00", "ativo": "1", "estoque": "5"}),
        (2, {"nome": "Torta", "preco": "9.00", "ativo": "0", "estoque": "5"}),
        (3, {"nome": "Pão", "preco": "1.00", "ativo": "1"}),
        (4, {"nome": "Café", "preco": "2.50", "ativo": "1", "estoque": "9"}),
        (5, {"nome": "Chá", "preco": "2.00", "ativo": "1", "estoque": "9"}),
    ):
        copias.gravar(produto_id, 1, campos)
    carrinhos = Carrinhos(repositorio)
    convidado, do_cliente = carrinhos.criar(), carrinhos.criar("cliente-a")
    passos: list[Callable[[], object]] = [
        lambda: carrinhos.adicionar(convidado, 1, 2, CONVIDADO),
        lambda: carrinhos.adicionar(convidado, 1, 4, CONVIDADO),
        lambda: carrinhos.adicionar(convidado, 2, 1, CONVIDADO),
        lambda: carrinhos.adicionar(convidado, 3, 1, CONVIDADO),
        lambda: carrinhos.adicionar(convidado, 4, 1, CONVIDADO),
        lambda: carrinhos.adicionar(convidado, 5, 1, CONVIDADO),
        lambda: carrinhos.definir(convidado, 1, 6, CONVIDADO),
        lambda: carrinhos.definir(convidado, 9, 1, CONVIDADO),
        lambda: carrinhos.definir(convidado, 4, 0, CONVIDADO),
        lambda: carrinhos.adicionar(do_cliente, 4, 1, "cliente-b"),
        lambda: carrinhos.adicionar(do_cliente, 4, 1, "*"),
        lambda: carrinhos.ler(do_cliente, CONVIDADO),
        lambda: carrinhos.fechar(convidado, "pedido-1"),
        lambda: carrinhos.adicionar(convidado, 1, 1, CONVIDADO),
        lambda: carrinhos.fechar(convidado, "pedido-2"),
        lambda: carrinhos.concluir("pedido-1", Desfecho.ESVAZIAR),
        lambda: carrinhos.fechar(convidado, "pedido-1"),
        lambda: carrinhos.ler(convidado, CONVIDADO),
        lambda: carrinhos.descartar(do_cliente, "cliente-a"),
        lambda: carrinhos.ler(do_cliente, "cliente-a"),
    ]
    respostas: list[object] = []
    for passo in passos:
        try:
            resposta = passo()
        except (DominioError, ProdutoDesconhecidoError) as recusa:
            respostas.append(getattr(recusa, "codigo", type(recusa).__name__))
            continue
        if isinstance(resposta, Carrinho):
            campos = {campo: valor for campo, valor in resposta.campos.items() if campo != "_criado_em"}
            resposta = (campos, resposta.copias, resposta.como_resposta("")["total"])
        respostas.append(resposta)
    return respostas


def test_the_in_memory_cart_store_of_the_service_tests_answers_as_the_redis_scripts_do(
    cache: redis.Redis,
) -> None:
    redis_ = CarrinhosRedis(cache, ttl_s=3600, max_linhas=2, max_quantidade=5)
    memoria = CarrinhosEmMemoria(limites=Limites(max_linhas=2, max_quantidade=5))

    no_redis = _roteiro(redis_, CopiasRedis(cache))

    assert no_redis == _roteiro(memoria, memoria.copias)
    assert tipos_locais(cache) == memoria.tipos()
