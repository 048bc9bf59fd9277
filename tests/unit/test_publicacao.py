"""What the orders service publishes of its events: the same events without personal data."""

from __future__ import annotations

import json
from typing import Any

from confeitaria_shared.envelope import domain_event
from confeitaria_shared.privacidade import sem_dados_pessoais, tem_dados_pessoais
from pedidos.adaptadores.publicacao import para_o_barramento

CLIENTE = {"nome": "Ana Souza", "email": "ana@example.com", "telefone": "11 99999-0000"}
ENTREGA = {"endereco": "Rua das Flores, 10", "cidade": "São Paulo", "cep": "01000-000"}
ITENS = [{"produto_id": 1, "quantidade": 2}]


def criado(**extra: Any) -> dict[str, Any]:
    return {
        "pedido_id": "p1",
        "itens": ITENS,
        "cliente": CLIENTE,
        "entrega": ENTREGA,
        "pagamento": {"metodo": "cartao", "cartao_final": "0002"},
        **extra,
    }


def test_a_created_order_is_published_with_items_payment_method_and_customer_reference_only() -> None:
    evento = domain_event("PedidoCriado", "Pedido", "p1", criado(cliente_id="c-42"), "pedidos")

    publicado = para_o_barramento(evento)

    assert publicado.data == {
        "pedido_id": "p1",
        "itens": ITENS,
        "pagamento": {"metodo": "cartao"},
        "cliente_id": "c-42",
    }


def test_no_name_email_phone_address_or_card_digits_reach_the_published_json() -> None:
    evento = domain_event("PedidoCriado", "Pedido", "p1", criado(cliente_id=None), "pedidos")

    texto = para_o_barramento(evento).to_json()

    for valor in [*CLIENTE.values(), ENTREGA["endereco"], ENTREGA["cep"], "cartao_final"]:
        assert json.dumps(valor)[1:-1] not in texto, valor
    assert json.loads(texto)["data"]["cliente_id"] is None  # a guest's order: the reference is null


def test_a_delivery_change_is_published_without_the_new_address() -> None:
    evento = domain_event(
        "EntregaAlterada", "Pedido", "p1", {"pedido_id": "p1", "entrega": ENTREGA}, "pedidos"
    )

    assert para_o_barramento(evento).data == {"pedido_id": "p1"}


def test_the_published_event_is_the_same_event_with_its_identity_and_causality() -> None:
    causa = domain_event("EstoqueReservado", "Reserva", "p1", {"itens": ITENS}, "catalogo")
    evento = domain_event("PedidoCriado", "Pedido", "p1", criado(), "pedidos", version=1, cause=causa)

    publicado = para_o_barramento(evento)

    assert (publicado.event_id, publicado.type, publicado.version, publicado.occurred_at) == (
        evento.event_id,
        evento.type,
        evento.version,
        evento.occurred_at,
    )
    assert (publicado.correlation_id, publicado.causation_id) == (causa.correlation, causa.event_id)


def test_the_stored_event_keeps_its_personal_data() -> None:
    evento = domain_event("PedidoCriado", "Pedido", "p1", criado(), "pedidos")

    para_o_barramento(evento)

    assert evento.data["cliente"] == CLIENTE  # the orders service's own store records it whole
    assert evento.data["pagamento"]["cartao_final"] == "0002"


def test_events_without_personal_data_pass_unchanged() -> None:
    for dados in (
        {"pedido_id": "p1", "itens": ITENS, "total": "25.00"},
        {"pedido_id": "p1", "motivo": "EXPIRADO"},
        {"transacao_id": "t1", "valor": "25.00", "metodo": "pix"},
        {"status": "EM_PREPARO"},
    ):
        assert sem_dados_pessoais(dados) == dados
        assert not tem_dados_pessoais(dados)
    assert tem_dados_pessoais(criado())
