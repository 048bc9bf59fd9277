"""The cart's API use cases against in-memory fakes: sessions, adds, quantities, reads, discards."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from carrinho.dominio.carrinho import EQUIPE, chamador
from carrinho.dominio.erros import (
    CarrinhoFechadoError,
    CatalogoIndisponivelError,
    EstoqueInsuficienteError,
    ItemNaoEncontradoError,
    LimiteDeLinhasError,
    LimiteDeQuantidadeError,
    ProdutoInativoError,
    ProdutoNaoEncontradoError,
    SessaoNaoEncontradaError,
)
from carrinho.dominio.produto import do_catalogo
from carrinho.servicos import carrinhos as casos
from confeitaria_shared.contratos import eventos
from confeitaria_shared.dominio import DominioError
from confeitaria_shared.errors import status_do_erro
from tests.support.fakes_carrinho import EXPIRA_EM, CarrinhosEmMemoria, CatalogoFalso

CONVIDADO = ""


def produto(produto_id: int, preco: str = "5.00", estoque: int = 100, ativo: bool = True) -> dict[str, Any]:
    return {
        "id": produto_id,
        "nome": f"Produto {produto_id}",
        "preco": preco,
        "ativo": ativo,
        "estoque": estoque,
        "versao": 1,
    }


@pytest.fixture
def carrinhos() -> CarrinhosEmMemoria:
    return CarrinhosEmMemoria()


@pytest.fixture
def catalogo() -> CatalogoFalso:
    return CatalogoFalso({i: produto(i) for i in (1, 2, 3, 4)})


def copiar(carrinhos: CarrinhosEmMemoria, *produtos: dict[str, Any]) -> None:
    """Products the cart already knows, as the catalog's events leave them."""
    for item in produtos:
        carrinhos.copias.gravar(item["id"], item["versao"], do_catalogo(item))


def abrir(carrinhos: CarrinhosEmMemoria, cliente_id: str | None = None) -> str:
    return str(casos.abrir_sessao(carrinhos, cliente_id)["session_id"])


def adicionar(
    carrinhos: CarrinhosEmMemoria,
    catalogo: CatalogoFalso,
    session_id: str,
    produto_id: int,
    quantidade: int,
    quem: str = CONVIDADO,
) -> dict[str, Any]:
    return casos.adicionar(carrinhos, carrinhos.copias, catalogo, session_id, produto_id, quantidade, quem)


def erro(capturado: pytest.ExceptionInfo[DominioError]) -> tuple[int, str]:
    return status_do_erro(capturado.value), capturado.value.codigo


def test_a_guest_opens_an_empty_open_cart_with_an_unguessable_id(carrinhos: CarrinhosEmMemoria) -> None:
    aberto = casos.abrir_sessao(carrinhos, None)
    outro = casos.abrir_sessao(carrinhos, None)

    assert len(aberto["session_id"]) == 32 and aberto["session_id"] != outro["session_id"]
    assert aberto["expira_em"] == EXPIRA_EM
    carrinho = casos.ver(carrinhos, aberto["session_id"], CONVIDADO)
    assert (carrinho["estado"], carrinho["itens"], carrinho["total"], carrinho["cliente_id"]) == (
        "ABERTO",
        [],
        Decimal("0.00"),
        None,
    )


def test_a_customers_cart_answers_to_them_and_to_staff_and_is_not_found_for_anyone_else(
    carrinhos: CarrinhosEmMemoria,
) -> None:
    session_id = abrir(carrinhos, "cliente-a")

    assert casos.ver(carrinhos, session_id, "cliente-a")["cliente_id"] == "cliente-a"
    assert casos.ver(carrinhos, session_id, EQUIPE)["cliente_id"] == "cliente-a"
    for intruso in ("cliente-b", CONVIDADO):
        with pytest.raises(SessaoNaoEncontradaError) as capturado:
            casos.ver(carrinhos, session_id, intruso)
        assert erro(capturado) == (404, "SESSAO_NAO_ENCONTRADA")


def test_the_caller_is_staff_a_customer_or_a_guest() -> None:
    assert (chamador(True, "c"), chamador(False, "c"), chamador(False, None)) == ("*", "c", "")


def test_an_unknown_session_is_not_found(carrinhos: CarrinhosEmMemoria) -> None:
    with pytest.raises(SessaoNaoEncontradaError):
        casos.ver(carrinhos, "0" * 32, CONVIDADO)


def test_a_product_the_cart_knows_is_added_from_its_copy_without_asking_the_catalog(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    copiar(carrinhos, produto(1, preco="7.50"))
    session_id = abrir(carrinhos)

    carrinho = adicionar(carrinhos, catalogo, session_id, 1, 2)

    assert catalogo.consultas == []
    assert carrinho["itens"] == [
        {
            "produto_id": 1,
            "nome": "Produto 1",
            "preco_unitario": Decimal("7.50"),
            "quantidade": 2,
            "subtotal": Decimal("15.00"),
            "preco_alterado": False,
            "preco_quando_adicionado": Decimal("7.50"),
            "disponivel": True,
        }
    ]
    assert (carrinho["total"], carrinho["quantidade_itens"], carrinho["versao"]) == (Decimal("15.00"), 2, 1)


def test_adding_to_a_line_already_there_grows_it(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    copiar(carrinhos, produto(1))
    session_id = abrir(carrinhos)
    adicionar(carrinhos, catalogo, session_id, 1, 2)

    assert adicionar(carrinhos, catalogo, session_id, 1, 3)["itens"][0]["quantidade"] == 5


def test_a_product_never_seen_is_fetched_from_the_catalog_once_and_kept(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    session_id = abrir(carrinhos)

    adicionar(carrinhos, catalogo, session_id, 2, 1)
    adicionar(carrinhos, catalogo, session_id, 2, 1)

    assert catalogo.consultas == [2]
    assert carrinhos.copias.copias["2"]["estoque"] == "100"


def test_a_product_the_catalog_does_not_know_is_not_found(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    session_id = abrir(carrinhos)

    with pytest.raises(ProdutoNaoEncontradoError) as capturado:
        adicionar(carrinhos, catalogo, session_id, 99, 1)

    assert erro(capturado) == (404, "PRODUTO_NAO_ENCONTRADO")
    assert capturado.value.mensagem == "Produto 99 não existe."


def test_with_the_catalog_down_an_unknown_product_is_unavailable_and_a_known_one_is_still_added(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    copiar(carrinhos, produto(1))
    session_id = abrir(carrinhos)
    catalogo.fora = True

    with pytest.raises(CatalogoIndisponivelError) as capturado:
        adicionar(carrinhos, catalogo, session_id, 2, 1)

    assert erro(capturado) == (503, "CATALOGO_INDISPONIVEL")
    assert adicionar(carrinhos, catalogo, session_id, 1, 1)["quantidade_itens"] == 1


def test_a_stale_stock_hint_is_checked_with_the_catalog_before_refusing(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    copiar(carrinhos, produto(1, estoque=2))
    catalogo.produtos[1] = {**produto(1, estoque=8), "versao": 2}  # restocked since the hint
    session_id = abrir(carrinhos)

    assert adicionar(carrinhos, catalogo, session_id, 1, 5)["itens"][0]["quantidade"] == 5
    assert catalogo.consultas == [1]


def test_a_stock_refusal_the_catalog_confirms_says_what_is_available(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    copiar(carrinhos, produto(1, estoque=3))
    catalogo.produtos[1] = produto(1, estoque=3)
    session_id = abrir(carrinhos)
    adicionar(carrinhos, catalogo, session_id, 1, 2)

    with pytest.raises(EstoqueInsuficienteError) as capturado:
        adicionar(carrinhos, catalogo, session_id, 1, 2)

    assert erro(capturado) == (409, "ESTOQUE_INSUFICIENTE")
    assert capturado.value.detalhes == {"disponivel": 3, "solicitado": 4}
    assert capturado.value.mensagem == "Só há 3 unidades de Produto 1."


def test_with_the_catalog_down_the_stock_hints_refusal_stands(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    copiar(carrinhos, produto(1, estoque=1))
    catalogo.fora = True
    session_id = abrir(carrinhos)

    with pytest.raises(EstoqueInsuficienteError):
        adicionar(carrinhos, catalogo, session_id, 1, 2)


def test_an_inactive_product_is_refused(carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso) -> None:
    copiar(carrinhos, produto(1, ativo=False))
    session_id = abrir(carrinhos)

    with pytest.raises(ProdutoInativoError) as capturado:
        adicionar(carrinhos, catalogo, session_id, 1, 1)

    assert erro(capturado) == (409, "PRODUTO_INATIVO")
    assert capturado.value.mensagem == "Produto 1 não está mais à venda."


def test_a_cart_refuses_a_line_past_the_cap_of_lines_but_an_existing_line_still_grows(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    copiar(carrinhos, *(produto(i) for i in (1, 2, 3, 4)))
    session_id = abrir(carrinhos)
    for produto_id in (1, 2, 3):
        adicionar(carrinhos, catalogo, session_id, produto_id, 1)

    with pytest.raises(LimiteDeLinhasError) as capturado:
        adicionar(carrinhos, catalogo, session_id, 4, 1)

    assert erro(capturado) == (409, "LIMITE_DE_LINHAS")
    assert adicionar(carrinhos, catalogo, session_id, 3, 1)["quantidade_itens"] == 4


def test_a_line_cannot_pass_the_cap_per_product(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    copiar(carrinhos, produto(1))
    session_id = abrir(carrinhos)
    adicionar(carrinhos, catalogo, session_id, 1, 9)

    with pytest.raises(LimiteDeQuantidadeError) as capturado:
        adicionar(carrinhos, catalogo, session_id, 1, 2)
    assert erro(capturado) == (409, "LIMITE_DE_QUANTIDADE")
    with pytest.raises(LimiteDeQuantidadeError):
        casos.definir_quantidade(carrinhos, session_id, 1, 11, CONVIDADO)


def test_a_lines_quantity_is_set_and_zero_removes_it(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    copiar(carrinhos, produto(1), produto(2))
    session_id = abrir(carrinhos)
    adicionar(carrinhos, catalogo, session_id, 1, 1)
    adicionar(carrinhos, catalogo, session_id, 2, 1)

    assert casos.definir_quantidade(carrinhos, session_id, 1, 4, CONVIDADO)["quantidade_itens"] == 5
    restante = casos.definir_quantidade(carrinhos, session_id, 1, 0, CONVIDADO)

    assert [item["produto_id"] for item in restante["itens"]] == [2]
    assert "preco:1" not in carrinhos.carrinhos[session_id]


def test_a_line_is_removed_and_removing_one_not_in_the_cart_is_not_found(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    copiar(carrinhos, produto(1))
    session_id = abrir(carrinhos)
    adicionar(carrinhos, catalogo, session_id, 1, 2)

    assert casos.remover(carrinhos, session_id, 1, CONVIDADO)["itens"] == []
    with pytest.raises(ItemNaoEncontradoError) as capturado:
        casos.remover(carrinhos, session_id, 1, CONVIDADO)
    assert erro(capturado) == (404, "ITEM_NAO_ENCONTRADO")


def test_quantities_change_with_the_catalog_down(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    copiar(carrinhos, produto(1))
    session_id = abrir(carrinhos)
    adicionar(carrinhos, catalogo, session_id, 1, 2)
    catalogo.fora = True

    assert casos.definir_quantidade(carrinhos, session_id, 1, 3, CONVIDADO)["quantidade_itens"] == 3
    assert catalogo.consultas == []


def test_a_read_shows_todays_prices_flags_changed_ones_and_leaves_unavailable_lines_out_of_the_totals(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    copiar(carrinhos, produto(1, preco="0.10"), produto(2, preco="4.00"), produto(3, preco="9.99"))
    session_id = abrir(carrinhos)
    for produto_id, quantidade in ((1, 3), (2, 1), (3, 2)):
        adicionar(carrinhos, catalogo, session_id, produto_id, quantidade)
    carrinhos.copias.gravar(2, 2, {"preco": "4.50"})
    carrinhos.copias.gravar(3, 2, {"ativo": "0"})

    carrinho = casos.ver(carrinhos, session_id, CONVIDADO)

    linhas = {item["produto_id"]: item for item in carrinho["itens"]}
    assert linhas[1]["subtotal"] == Decimal("0.30")
    assert (linhas[2]["preco_alterado"], linhas[2]["preco_quando_adicionado"], linhas[2]["subtotal"]) == (
        True,
        Decimal("4.00"),
        Decimal("4.50"),
    )
    assert linhas[3]["disponivel"] is False
    assert (carrinho["total"], carrinho["quantidade_itens"]) == (Decimal("4.80"), 4)


def test_a_line_whose_copy_is_gone_keeps_the_price_it_came_in_at(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    copiar(carrinhos, produto(1, preco="2.00"))
    session_id = abrir(carrinhos)
    adicionar(carrinhos, catalogo, session_id, 1, 1)
    carrinhos.copias.copias.clear()  # a Redis restarted without its copies

    item = casos.ver(carrinhos, session_id, CONVIDADO)["itens"][0]

    assert (item["nome"], item["preco_unitario"], item["disponivel"]) == ("Produto 1", Decimal("2.00"), True)


def test_a_closed_cart_refuses_edits_with_its_order(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    copiar(carrinhos, produto(1))
    session_id = abrir(carrinhos)
    adicionar(carrinhos, catalogo, session_id, 1, 1)
    carrinhos.carrinhos[session_id].update(_estado="FECHADO", _pedido_id="pedido-9")

    for mudar in (
        lambda: adicionar(carrinhos, catalogo, session_id, 1, 1),
        lambda: casos.definir_quantidade(carrinhos, session_id, 1, 2, CONVIDADO),
        lambda: casos.descartar(carrinhos, session_id, CONVIDADO),
    ):
        with pytest.raises(CarrinhoFechadoError) as capturado:
            mudar()
        assert erro(capturado) == (409, "CARRINHO_FECHADO")
        assert capturado.value.detalhes == {"pedido_id": "pedido-9"}


def test_a_discarded_cart_is_gone_and_only_its_owner_may_discard_it(carrinhos: CarrinhosEmMemoria) -> None:
    session_id = abrir(carrinhos, "cliente-a")

    with pytest.raises(SessaoNaoEncontradaError):
        casos.descartar(carrinhos, session_id, "cliente-b")
    assert casos.descartar(carrinhos, session_id, "cliente-a") == {
        "session_id": session_id,
        "descartado": True,
    }
    with pytest.raises(SessaoNaoEncontradaError):
        casos.ver(carrinhos, session_id, "cliente-a")


def test_every_change_writes_its_event_and_a_refused_one_writes_none(
    carrinhos: CarrinhosEmMemoria, catalogo: CatalogoFalso
) -> None:
    copiar(carrinhos, produto(1))
    session_id = abrir(carrinhos)
    adicionar(carrinhos, catalogo, session_id, 1, 2)
    casos.definir_quantidade(carrinhos, session_id, 1, 4, CONVIDADO)
    with pytest.raises(LimiteDeQuantidadeError):
        adicionar(carrinhos, catalogo, session_id, 1, 7)
    casos.remover(carrinhos, session_id, 1, CONVIDADO)
    casos.descartar(carrinhos, session_id, CONVIDADO)

    assert carrinhos.tipos() == [
        eventos.ITEM_ADICIONADO_AO_CARRINHO,
        eventos.QUANTIDADE_ALTERADA_NO_CARRINHO,
        eventos.ITEM_REMOVIDO_DO_CARRINHO,
        eventos.CARRINHO_DESCARTADO,
    ]
    assert carrinhos.eventos[0].dados == {"produto_id": 1, "quantidade": 2}
    assert {evento.session_id for evento in carrinhos.eventos} == {session_id}
