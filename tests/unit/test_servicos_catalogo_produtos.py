"""The catalog's staff use cases (products, categories, stock) against in-memory stores."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalogo.schemas import CategoriaAlteracao, CategoriaNova, ProdutoAlteracao, ProdutoNovo
from catalogo.servicos.categorias import alterar_categoria, criar_categoria
from catalogo.servicos.estoque import ajustar_estoque
from catalogo.servicos.produtos import alterar_produto, criar_produto, desativar_produto
from confeitaria_shared.dominio import (
    ConflitoError,
    DominioError,
    NaoEncontradoError,
    RecusadoError,
    VersaoAusenteError,
    VersaoDivergenteError,
)
from tests.support.fakes_catalogo import CatalogoEmMemoria, UnidadeFalsa


@pytest.fixture
def banco() -> CatalogoEmMemoria:
    """Bolos (active) and Antigos (inactive); Bolo (id 1, 10 units at 45.90) and Brigadeiro (id 2)."""
    banco = CatalogoEmMemoria()
    banco.nova_categoria("Bolos")
    banco.nova_categoria("Antigos", ativo=False)
    banco.novo_produto("Bolo", 10, "45.90")
    banco.novo_produto("Brigadeiro", 120)
    return banco


def unidade(banco: CatalogoEmMemoria) -> UnidadeFalsa:
    return UnidadeFalsa(banco)


def recusa(banco: CatalogoEmMemoria, caso: object, *args: object) -> DominioError:
    """Run a use case that must refuse: it commits nothing, and what it changed is undone."""
    antes = (repr(banco.produtos), repr(banco.categorias), list(banco.movimentos), list(banco.eventos))
    with pytest.raises(DominioError) as caught, unidade(banco) as uow:
        caso(uow, *args)  # type: ignore[operator]
    assert uow.commits == 0
    assert (repr(banco.produtos), repr(banco.categorias), banco.movimentos, banco.eventos) == antes
    return caught.value


def test_a_new_product_is_stored_with_its_opening_movement_and_produto_criado(
    banco: CatalogoEmMemoria,
) -> None:
    with unidade(banco) as uow:
        criado = criar_produto(uow, ProdutoNovo(nome="Torta", preco=Decimal("30"), estoque=4, categoria_id=1))

    assert uow.commits == 1
    assert (criado["id"], criado["categoria_nome"], criado["versao"], criado["estoque"]) == (3, "Bolos", 1, 4)
    [movimento] = banco.movimentos
    assert (movimento.produto_id, movimento.delta, movimento.resultante, movimento.motivo) == (
        3,
        4,
        4,
        "inicial",
    )
    [evento] = banco.eventos
    assert (evento.tipo, evento.agregado_id, evento.versao, evento.dados) == ("ProdutoCriado", 3, 1, criado)


def test_a_new_product_with_a_taken_name_is_a_409_and_nothing_is_stored(banco: CatalogoEmMemoria) -> None:
    erro = recusa(banco, criar_produto, ProdutoNovo(nome="Bolo", preco=Decimal("1"), categoria_id=1))

    assert isinstance(erro, ConflitoError)
    assert (erro.codigo, erro.mensagem) == ("NOME_DUPLICADO", "Já existe um produto chamado 'Bolo'.")


@pytest.mark.parametrize("categoria_id", [2, 99])
def test_a_product_cannot_be_filed_under_an_inactive_or_unknown_category(
    banco: CatalogoEmMemoria, categoria_id: int
) -> None:
    erro = recusa(
        banco, criar_produto, ProdutoNovo(nome="Torta", preco=Decimal("1"), categoria_id=categoria_id)
    )

    assert isinstance(erro, RecusadoError)
    assert (erro.codigo, erro.mensagem) == (
        "CATEGORIA_INVALIDA",
        f"Categoria {categoria_id} não existe ou está inativa.",
    )


def test_a_new_price_changes_the_product_and_tells_produto_atualizado_and_preco_alterado(
    banco: CatalogoEmMemoria,
) -> None:
    with unidade(banco) as uow:
        alterado = alterar_produto(uow, 1, ProdutoAlteracao(preco=Decimal("50"), versao=1), None)

    assert uow.commits == 1
    assert (alterado["preco"], alterado["versao"]) == (Decimal("50.00"), 2)
    assert banco.tipos() == ["ProdutoAtualizado", "PrecoAlterado"]
    atualizado, preco = banco.eventos
    assert atualizado.dados == {"alteracoes": {"preco": Decimal("50")}, "produto": alterado}
    assert preco.dados == {
        "produto_id": 1,
        "preco_anterior": Decimal("45.90"),
        "preco_novo": Decimal("50.00"),
    }
    assert {atualizado.versao, preco.versao} == {2}


def test_the_same_price_again_is_no_price_change(banco: CatalogoEmMemoria) -> None:
    with unidade(banco) as uow:
        alterar_produto(uow, 1, ProdutoAlteracao(preco=Decimal("45.90"), descricao="novo"), 1)

    assert banco.tipos() == ["ProdutoAtualizado"]


def test_a_change_that_deactivates_also_tells_produto_desativado(banco: CatalogoEmMemoria) -> None:
    with unidade(banco) as uow:
        alterado = alterar_produto(uow, 1, ProdutoAlteracao(ativo=False, versao=1), None)

    assert alterado["ativo"] is False
    assert banco.tipos() == ["ProdutoAtualizado", "ProdutoDesativado"]


def test_a_change_to_another_category_shows_that_category_s_name(banco: CatalogoEmMemoria) -> None:
    banco.nova_categoria("Doces")

    with unidade(banco) as uow:
        alterado = alterar_produto(uow, 1, ProdutoAlteracao(categoria_id=3, versao=1), None)

    assert (alterado["categoria_id"], alterado["categoria_nome"]) == (3, "Doces")


def test_a_change_read_at_an_old_version_in_the_body_is_a_409_with_the_current_version(
    banco: CatalogoEmMemoria,
) -> None:
    erro = recusa(banco, alterar_produto, 1, ProdutoAlteracao(preco=Decimal("1"), versao=7), None)

    assert isinstance(erro, ConflitoError)
    assert (erro.codigo, erro.detalhes) == ("VERSAO_CONFLITANTE", {"versao_atual": 1})


def test_a_change_whose_if_match_is_stale_fails_its_precondition_even_with_a_good_body_version(
    banco: CatalogoEmMemoria,
) -> None:
    erro = recusa(banco, alterar_produto, 1, ProdutoAlteracao(preco=Decimal("1"), versao=1), 7)

    assert isinstance(erro, VersaoDivergenteError)
    assert (erro.codigo, erro.mensagem) == ("PRECONDICAO_FALHOU", "O recurso mudou desde a leitura.")


def test_a_change_without_the_version_read_is_refused_before_the_product_is_looked_up(
    banco: CatalogoEmMemoria,
) -> None:
    erro = recusa(banco, alterar_produto, 99, ProdutoAlteracao(preco=Decimal("1")), None)

    assert isinstance(erro, VersaoAusenteError)
    assert erro.codigo == "VERSAO_OBRIGATORIA"


def test_a_change_of_an_unknown_product_is_a_404(banco: CatalogoEmMemoria) -> None:
    erro = recusa(banco, alterar_produto, 99, ProdutoAlteracao(preco=Decimal("1"), versao=1), None)

    assert isinstance(erro, NaoEncontradoError)
    assert (erro.codigo, erro.mensagem) == ("PRODUTO_NAO_ENCONTRADO", "Produto 99 não existe.")


def test_a_stale_version_is_refused_before_the_new_category_is_checked(banco: CatalogoEmMemoria) -> None:
    erro = recusa(banco, alterar_produto, 1, ProdutoAlteracao(categoria_id=2, versao=5), None)

    assert erro.codigo == "VERSAO_CONFLITANTE"


def test_a_change_to_an_inactive_category_is_refused(banco: CatalogoEmMemoria) -> None:
    erro = recusa(banco, alterar_produto, 1, ProdutoAlteracao(categoria_id=2, versao=1), None)

    assert erro.codigo == "CATEGORIA_INVALIDA"


def test_renaming_a_product_to_a_taken_name_is_a_409_and_nothing_is_told(banco: CatalogoEmMemoria) -> None:
    erro = recusa(banco, alterar_produto, 2, ProdutoAlteracao(nome="Bolo", versao=1), None)

    assert (erro.codigo, erro.mensagem) == ("NOME_DUPLICADO", "Já existe um registro chamado 'Bolo'.")


def test_deactivating_a_product_bumps_its_version_once_and_tells_it_once(banco: CatalogoEmMemoria) -> None:
    with unidade(banco) as uow:
        primeira = desativar_produto(uow, 1)
    with unidade(banco) as uow:
        segunda = desativar_produto(uow, 1)

    assert (primeira["ativo"], primeira["versao"]) == (False, 2)
    assert segunda == primeira
    assert uow.commits == 1
    [evento] = banco.eventos
    assert (evento.tipo, evento.versao, evento.dados) == ("ProdutoDesativado", 2, {"produto_id": 1})


def test_deactivating_an_unknown_product_is_a_404(banco: CatalogoEmMemoria) -> None:
    assert recusa(banco, desativar_produto, 99).codigo == "PRODUTO_NAO_ENCONTRADO"


def test_a_new_category_is_stored_at_version_one(banco: CatalogoEmMemoria) -> None:
    with unidade(banco) as uow:
        criada = criar_categoria(uow, CategoriaNova(nome="Doces", descricao="docinhos"))

    assert uow.commits == 1
    assert criada == {"id": 3, "nome": "Doces", "descricao": "docinhos", "ativo": True, "versao": 1}


def test_a_new_category_with_a_taken_name_is_a_409(banco: CatalogoEmMemoria) -> None:
    erro = recusa(banco, criar_categoria, CategoriaNova(nome="Bolos"))

    assert (erro.codigo, erro.mensagem) == ("NOME_DUPLICADO", "Já existe um registro chamado 'Bolos'.")


def test_a_category_change_bumps_its_version(banco: CatalogoEmMemoria) -> None:
    with unidade(banco) as uow:
        alterada = alterar_categoria(uow, 1, CategoriaAlteracao(ativo=False), 1)

    assert (alterada["ativo"], alterada["versao"]) == (False, 2)
    assert banco.categorias[1].ativo is False
    assert banco.eventos == []


@pytest.mark.parametrize(
    ("alteracao", "if_match", "codigo"),
    [
        (CategoriaAlteracao(descricao="x"), None, "VERSAO_OBRIGATORIA"),
        (CategoriaAlteracao(descricao="x", versao=3), None, "VERSAO_CONFLITANTE"),
        (CategoriaAlteracao(descricao="x"), 3, "PRECONDICAO_FALHOU"),
        (CategoriaAlteracao(nome="Antigos", versao=1), None, "NOME_DUPLICADO"),
    ],
)
def test_a_category_change_is_refused_without_a_current_version_or_with_a_taken_name(
    banco: CatalogoEmMemoria, alteracao: CategoriaAlteracao, if_match: int | None, codigo: str
) -> None:
    assert recusa(banco, alterar_categoria, 1, alteracao, if_match).codigo == codigo


def test_a_change_of_an_unknown_category_is_a_404(banco: CatalogoEmMemoria) -> None:
    erro = recusa(banco, alterar_categoria, 99, CategoriaAlteracao(descricao="x", versao=1), None)

    assert (erro.codigo, erro.mensagem) == ("CATEGORIA_NAO_ENCONTRADA", "Categoria 99 não existe.")


@pytest.mark.parametrize(
    ("operacao", "quantidade", "depois"), [("adicionar", 5, 15), ("remover", 10, 0), ("definir", 3, 3)]
)
def test_a_stock_operation_moves_the_ledger_and_tells_estoque_ajustado(
    banco: CatalogoEmMemoria, operacao: str, quantidade: int, depois: int
) -> None:
    with unidade(banco) as uow:
        dados = ajustar_estoque(uow, 1, operacao, quantidade)  # type: ignore[arg-type]

    assert uow.commits == 1
    assert dados == {
        "produto_id": 1,
        "operacao": operacao,
        "quantidade": quantidade,
        "estoque_anterior": 10,
        "estoque_atual": depois,
    }
    assert banco.produtos[1].estoque == depois
    [movimento] = banco.movimentos
    assert (movimento.delta, movimento.resultante, movimento.motivo) == (depois - 10, depois, "manual")
    [evento] = banco.eventos
    assert (evento.tipo, evento.agregado, evento.versao, evento.dados) == (
        "EstoqueAjustado",
        "Produto",
        1,
        dados,
    )


def test_removing_more_units_than_there_are_is_a_409_and_the_stock_stays(banco: CatalogoEmMemoria) -> None:
    erro = recusa(banco, ajustar_estoque, 1, "remover", 11)

    assert isinstance(erro, ConflitoError)
    assert (erro.codigo, erro.detalhes) == ("ESTOQUE_INSUFICIENTE", {"disponivel": 10, "solicitado": 11})
    assert banco.produtos[1].estoque == 10


def test_a_stock_operation_on_an_unknown_product_is_a_404(banco: CatalogoEmMemoria) -> None:
    assert recusa(banco, ajustar_estoque, 99, "remover", 1).codigo == "PRODUTO_NAO_ENCONTRADO"
