"""The orders API's use cases on in-memory fakes: checkout, the customer's cancel, staff steps, delivery."""

from __future__ import annotations

import pytest

from confeitaria_shared.contratos import eventos
from confeitaria_shared.dominio import ConflitoError, NaoEncontradoError, RecusadoError
from pedidos.dominio.pagamento import APROVADA, ESTORNO, PAGAMENTO, RECUSADA
from pedidos.servicos.pedidos import alterar_entrega, avancar_status, cancelar_pelo_cliente, criar_pedido
from pedidos.servicos.portas import Solicitacao
from tests.support.fakes_pedidos import (
    DADOS,
    CatalogoFake,
    ProvedorFake,
    UnidadeFake,
    pedido_confirmado,
    pedido_criado,
    status,
)

NINGUEM = "00000000-0000-0000-0000-000000000000"


@pytest.fixture
def uow() -> UnidadeFake:
    return UnidadeFake()


def test_a_checkout_creates_the_order_pendente_with_pedido_criado_and_commits_once(uow: UnidadeFake) -> None:
    pedido_id, criado = criar_pedido(uow, CatalogoFake({1}), DADOS, "chave-1", "hash-1", "cliente-1")

    assert criado
    assert status(uow, pedido_id) == "PENDENTE"
    assert uow.pedidos.tipos(pedido_id) == [eventos.PEDIDO_CRIADO]
    assert uow.pedidos.dados(pedido_id, eventos.PEDIDO_CRIADO) == {"pedido_id": pedido_id, **DADOS}
    assert uow.pedidos.solicitacoes["chave-1"] == Solicitacao(pedido_id, "chave-1", "hash-1", "cliente-1")
    assert uow.commits == 1


def test_the_same_key_body_and_owner_answer_the_same_order_without_a_new_event(uow: UnidadeFake) -> None:
    primeiro, _ = criar_pedido(uow, CatalogoFake(), DADOS, "chave-1", "hash-1", "cliente-1")

    segundo, criado = criar_pedido(uow, CatalogoFake(), DADOS, "chave-1", "hash-1", "cliente-1")

    assert (segundo, criado) == (primeiro, False)
    assert len(uow.pedidos.pedidos) == 1 and uow.pedidos.tipos(primeiro) == [eventos.PEDIDO_CRIADO]
    assert uow.commits == 1


def test_a_key_reused_with_another_body_is_refused_naming_the_order_it_made(uow: UnidadeFake) -> None:
    pedido_id, _ = criar_pedido(uow, CatalogoFake(), DADOS, "chave-1", "hash-1")

    with pytest.raises(RecusadoError) as caught:
        criar_pedido(uow, CatalogoFake(), DADOS, "chave-1", "outro-hash")

    assert caught.value.codigo == "IDEMPOTENCY_KEY_REUTILIZADA"
    assert caught.value.mensagem == "Esta Idempotency-Key já criou um pedido com outro conteúdo."
    assert caught.value.detalhes == {"pedido_id": pedido_id}


def test_someone_else_s_key_is_refused_without_saying_whose_order_it_made(uow: UnidadeFake) -> None:
    criar_pedido(uow, CatalogoFake(), DADOS, "chave-1", "hash-1", "cliente-1")

    with pytest.raises(RecusadoError) as caught:
        criar_pedido(uow, CatalogoFake(), DADOS, "chave-1", "hash-1", "cliente-2")

    assert caught.value.codigo == "IDEMPOTENCY_KEY_REUTILIZADA"
    assert caught.value.mensagem == "Esta Idempotency-Key já foi usada; envie outra."
    assert caught.value.detalhes == {}


def test_a_checkout_of_inactive_products_is_refused_and_stores_nothing(uow: UnidadeFake) -> None:
    dados = {**DADOS, "itens": [{"produto_id": 1, "quantidade": 1}, {"produto_id": 7, "quantidade": 1}]}

    with pytest.raises(RecusadoError) as caught:
        criar_pedido(uow, CatalogoFake({1}), dados, "chave-1", "hash-1")

    assert caught.value.codigo == "PRODUTO_INEXISTENTE"
    assert caught.value.mensagem == "Produtos inexistentes ou inativos: [7]."
    assert caught.value.detalhes == {"produtos": [7]}
    assert uow.pedidos.pedidos == {} and uow.commits == 0


def test_a_checkout_is_accepted_when_the_catalog_does_not_answer(uow: UnidadeFake) -> None:
    catalogo = CatalogoFake(ativos=None)

    _, criado = criar_pedido(uow, catalogo, DADOS, "chave-1", "hash-1")

    assert criado and catalogo.perguntas == [[1]]


def test_a_checkout_that_lost_the_race_for_its_key_answers_the_winner_s_order(uow: UnidadeFake) -> None:
    uow.pedidos.concorrente = Solicitacao("pedido-vencedor", "chave-1", "hash-1", None)

    pedido_id, criado = criar_pedido(uow, CatalogoFake(), DADOS, "chave-1", "hash-1")

    assert (pedido_id, criado) == ("pedido-vencedor", False)
    assert uow.rollbacks == 1 and uow.commits == 0


def test_a_checkout_that_lost_the_race_to_another_body_is_refused(uow: UnidadeFake) -> None:
    uow.pedidos.concorrente = Solicitacao("pedido-vencedor", "chave-1", "outro-hash", None)

    with pytest.raises(RecusadoError):
        criar_pedido(uow, CatalogoFake(), DADOS, "chave-1", "hash-1")


def test_the_customer_cancels_a_pending_order_without_any_refund(uow: UnidadeFake) -> None:
    provedor = ProvedorFake()
    pedido_id = pedido_criado(uow)

    resposta = cancelar_pelo_cliente(uow, pedido_id, provedor)

    assert resposta == {"id": pedido_id, "status": "CANCELADO"}
    assert uow.pedidos.tipos(pedido_id)[-1] == eventos.PEDIDO_CANCELADO
    assert uow.pedidos.dados(pedido_id, eventos.PEDIDO_CANCELADO)["motivo"] == "CANCELADO_PELO_CLIENTE"
    assert provedor.chamadas == [] and uow.transacoes.transacoes == []


def test_a_paid_order_cancelled_by_the_customer_is_refunded(uow: UnidadeFake) -> None:
    provedor = ProvedorFake()
    pedido_id = pedido_confirmado(uow, provedor)

    cancelar_pelo_cliente(uow, pedido_id, provedor)

    assert uow.pedidos.tipos(pedido_id)[-2:] == [eventos.PEDIDO_CANCELADO, eventos.PAGAMENTO_ESTORNADO]
    estorno = uow.pedidos.dados(pedido_id, eventos.PAGAMENTO_ESTORNADO)
    assert estorno["valor"] == "9.00"
    assert uow.transacoes.do_pedido(pedido_id) == [(PAGAMENTO, APROVADA), (ESTORNO, APROVADA)]
    assert estorno["transacao_id"] == uow.transacoes.transacoes[-1].id
    assert provedor.chamadas[-1][0::3] == ("estornar", f"estorno:{pedido_id}")
    assert not uow.pedidos.pedidos[pedido_id].pago


def test_a_refund_the_provider_refuses_leaves_the_cancelled_order_paid_with_estorno_recusado(
    uow: UnidadeFake,
) -> None:
    provedor = ProvedorFake(estorno=RECUSADA)
    pedido_id = pedido_confirmado(uow, provedor)

    assert cancelar_pelo_cliente(uow, pedido_id, provedor)["status"] == "CANCELADO"

    assert uow.pedidos.tipos(pedido_id)[-1] == eventos.ESTORNO_RECUSADO
    assert (
        uow.pedidos.dados(pedido_id, eventos.ESTORNO_RECUSADO)["detalhe"] == "estorno recusado pelo emissor"
    )
    assert uow.transacoes.do_pedido(pedido_id)[-1] == (ESTORNO, RECUSADA)
    assert uow.pedidos.pedidos[pedido_id].pago


def test_an_order_in_preparation_cannot_be_cancelled_by_the_customer(uow: UnidadeFake) -> None:
    provedor = ProvedorFake()
    pedido_id = pedido_confirmado(uow, provedor)
    avancar_status(uow, pedido_id, "EM_PREPARO")
    commits = uow.commits

    with pytest.raises(ConflitoError) as caught:
        cancelar_pelo_cliente(uow, pedido_id, provedor)

    assert caught.value.codigo == "STATUS_INVALIDO"
    assert caught.value.detalhes == {"status_atual": "EM_PREPARO"}
    assert status(uow, pedido_id) == "EM_PREPARO" and uow.commits == commits
    assert [c[0] for c in provedor.chamadas] == ["cobrar"]


@pytest.mark.parametrize("caso", ["cancelar", "avancar", "alterar"])
def test_a_command_on_an_order_that_does_not_exist_is_404(uow: UnidadeFake, caso: str) -> None:
    with pytest.raises(NaoEncontradoError) as caught:
        if caso == "cancelar":
            cancelar_pelo_cliente(uow, NINGUEM, ProvedorFake())
        elif caso == "avancar":
            avancar_status(uow, NINGUEM, "EM_PREPARO")
        else:
            alterar_entrega(uow, NINGUEM, {"endereco": "Rua B, 2"})

    assert caught.value.codigo == "PEDIDO_NAO_ENCONTRADO"
    assert caught.value.mensagem == f"Pedido {NINGUEM} não existe."


def test_staff_moves_a_confirmed_order_through_each_step_in_turn(uow: UnidadeFake) -> None:
    pedido_id = pedido_confirmado(uow, ProvedorFake())

    passos = [
        avancar_status(uow, pedido_id, passo) for passo in ("EM_PREPARO", "SAIU_PARA_ENTREGA", "ENTREGUE")
    ]

    assert passos == [
        {"id": pedido_id, "status": "EM_PREPARO"},
        {"id": pedido_id, "status": "SAIU_PARA_ENTREGA"},
        {"id": pedido_id, "status": "ENTREGUE"},
    ]
    assert uow.pedidos.tipos(pedido_id)[-3:] == [
        eventos.PEDIDO_EM_PREPARO,
        eventos.PEDIDO_SAIU_PARA_ENTREGA,
        eventos.PEDIDO_ENTREGUE,
    ]
    assert uow.pedidos.dados(pedido_id, eventos.PEDIDO_ENTREGUE)["status"] == "ENTREGUE"
    historico = [h["status"] for h in uow.pedidos.pedidos[pedido_id].historico]
    assert historico == ["PENDENTE", "CONFIRMADO", "EM_PREPARO", "SAIU_PARA_ENTREGA", "ENTREGUE"]


@pytest.mark.parametrize("passo", ["EM_PREPARO", "SAIU_PARA_ENTREGA"])
def test_staff_cannot_move_a_pending_order_or_skip_a_step(uow: UnidadeFake, passo: str) -> None:
    pedido_id = pedido_criado(uow)
    ja_confirmado = pedido_confirmado(uow, ProvedorFake(), chave="outra")

    with pytest.raises(ConflitoError) as pendente:
        avancar_status(uow, pedido_id, passo)
    with pytest.raises(ConflitoError) as pulado:
        avancar_status(uow, ja_confirmado, "ENTREGUE")

    assert pendente.value.detalhes == {"status_atual": "PENDENTE"}
    assert pulado.value.detalhes == {"status_atual": "CONFIRMADO"}


def test_the_delivery_changes_while_the_order_has_not_left(uow: UnidadeFake) -> None:
    pedido_id = pedido_criado(uow)

    resposta = alterar_entrega(uow, pedido_id, {"endereco": "Rua B, 2"})

    assert resposta == {"id": pedido_id, "status": "PENDENTE", "entrega": {"endereco": "Rua B, 2"}}
    assert uow.pedidos.dados(pedido_id, eventos.ENTREGA_ALTERADA)["entrega"] == {"endereco": "Rua B, 2"}
    assert uow.pedidos.pedidos[pedido_id].entrega == {"endereco": "Rua B, 2"}


def test_the_delivery_is_frozen_once_the_order_left(uow: UnidadeFake) -> None:
    pedido_id = pedido_confirmado(uow, ProvedorFake())
    avancar_status(uow, pedido_id, "EM_PREPARO")
    avancar_status(uow, pedido_id, "SAIU_PARA_ENTREGA")

    with pytest.raises(ConflitoError) as caught:
        alterar_entrega(uow, pedido_id, {"endereco": "Rua B, 2"})

    assert caught.value.mensagem == "O pedido está SAIU_PARA_ENTREGA: EntregaAlterada não é possível agora."
    assert uow.pedidos.pedidos[pedido_id].entrega == DADOS["entrega"]


def test_events_of_an_api_command_have_no_cause_event(uow: UnidadeFake) -> None:
    pedido_id = pedido_criado(uow)
    alterar_entrega(uow, pedido_id, {"endereco": "Rua B, 2"})

    assert [g.causa for g in uow.pedidos.guardados] == [None, None]
    assert [g.evento.versao for g in uow.pedidos.guardados] == [1, 2]
