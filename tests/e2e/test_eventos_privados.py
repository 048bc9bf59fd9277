"""Private events: only staff read them, and no customer's personal data is in them."""

from __future__ import annotations

import json
import random
import uuid
from typing import Any

import pytest
import requests

from confeitaria_shared.envelope import EventEnvelope
from tests.support import compose
from tests.support.api_client import STAFF, cliente, novo_produto, staff
from tests.support.barramento import Escuta, publicar
from tests.support.eventually import eventually

ROTAS_DE_EVENTOS = [
    ("get", "/api/eventos", None),
    ("get", "/api/eventos?tipo=PedidoCriado&limite=5", None),
    ("get", "/api/eventos?limite=-5", None),  # a bad parameter says nothing either
    ("get", f"/api/eventos/{uuid.uuid4()}", None),
    ("get", "/api/eventos/nao-e-uuid", None),
    ("get", "/api/eventos/correlacao/um-checkout", None),
    ("get", "/api/eventos/stats", None),
    ("get", "/api/eventos/stream", None),
    ("get", "/api/eventos/stream?tipo=PedidoCriado", None),
    ("get", "/api/eventos/dlq", None),
    ("get", "/api/eventos/dlq?limite=0", None),
    ("get", "/api/eventos/dlq/reprocessamentos", None),
    ("post", "/api/eventos/dlq/reprocessar", None),
    ("post", "/api/eventos/dlq/1-0/reprocessar", None),
    ("put", "/api/falhas/catalogo", {"taxa_erro": 1}),
    ("put", "/api/falhas/catalogo", {"taxa_erro": 7}),  # a bad body too
    ("delete", "/api/falhas/catalogo", None),
]
FEED = "/api/eventos/stream"


def erro(resposta: requests.Response) -> tuple[int, str]:
    return resposta.status_code, resposta.json()["error"]["code"]


@pytest.mark.parametrize(("metodo", "caminho", "corpo"), ROTAS_DE_EVENTOS)
def test_every_event_route_without_credentials_is_a_401(
    gateway: str, metodo: str, caminho: str, corpo: dict[str, Any] | None
) -> None:
    resposta = requests.request(metodo, f"{gateway}{caminho}", json=corpo, timeout=10)

    assert erro(resposta) == (401, "NAO_AUTENTICADO")
    assert resposta.json()["success"] is False
    assert resposta.json()["error"]["login"] == ["POST /api/auth/login"]


@pytest.mark.parametrize(("metodo", "caminho", "corpo"), ROTAS_DE_EVENTOS)
def test_every_event_route_with_a_customers_token_is_a_403(
    gateway: str, metodo: str, caminho: str, corpo: dict[str, Any] | None
) -> None:
    resposta = requests.request(metodo, f"{gateway}{caminho}", headers=cliente(), json=corpo, timeout=10)

    assert erro(resposta) == (403, "PROIBIDO")


def test_the_events_openapi_document_declares_every_event_route_for_staff(stack: None) -> None:
    documento = requests.get(f"{compose.service_url('EVENTS_PORT')}/api/docs/openapi.json", timeout=10).json()
    operacoes = {
        (metodo, caminho): operacao
        for caminho, metodos in documento["paths"].items()
        if caminho.startswith("/api/eventos")
        for metodo, operacao in metodos.items()
    }

    assert len(operacoes) == 9
    assert {(m, c) for (m, c), o in operacoes.items() if {"bearer": []} not in o.get("security", [])} == set()
    assert {"painel": []} in operacoes[("get", FEED)]["security"]
    assert documento["components"]["securitySchemes"]["painel"] == {
        "type": "apiKey",
        "in": "cookie",
        "name": "confeitaria_admin",
    }


def painel_logado(gateway: str) -> requests.Session:
    sessao = requests.Session()
    login = sessao.post(f"{gateway}/admin/login", data=STAFF, allow_redirects=False, timeout=10)
    assert login.status_code == 302
    return sessao


def test_the_live_feed_opens_with_the_panels_login_cookie_and_streams(gateway: str) -> None:
    sessao = painel_logado(gateway)

    with sessao.get(
        f"{gateway}{FEED}", params={"tipo": "ProdutoCriado"}, stream=True, timeout=(5, 30)
    ) as feed:
        assert feed.status_code == 200
        linhas = feed.iter_lines(decode_unicode=True)
        assert next(linhas).startswith("retry:")
        produto = novo_produto()
        assert any(
            f'"aggregate_id":"{produto["id"]}"' in linha for linha in linhas if linha.startswith("data:")
        )


def test_the_panels_cookie_opens_the_live_feed_only_and_no_other_event_route(gateway: str) -> None:
    sessao = painel_logado(gateway)

    for caminho in ("/api/eventos", "/api/eventos/stats", "/api/eventos/dlq"):
        assert erro(sessao.get(f"{gateway}{caminho}", timeout=10)) == (401, "NAO_AUTENTICADO"), caminho


def test_a_token_in_the_query_string_does_not_open_the_live_feed(gateway: str) -> None:
    token = staff()["Authorization"].removeprefix("Bearer ")

    for parametro in ("token", "access_token", "authorization"):
        resposta = requests.get(f"{gateway}{FEED}", params={parametro: token}, timeout=10)
        assert erro(resposta) == (401, "NAO_AUTENTICADO"), parametro


def test_leaving_the_panel_closes_the_live_feed_too(gateway: str) -> None:
    sessao = painel_logado(gateway)
    pagina = sessao.get(f"{gateway}/admin/dlq", timeout=10).text
    csrf = pagina.split('name="csrf" value="', 1)[1].split('"', 1)[0]

    token = next(c.value for c in sessao.cookies if c.path == "/admin")

    sessao.post(f"{gateway}/admin/sair", data={"csrf": csrf}, timeout=10)

    assert erro(sessao.get(f"{gateway}{FEED}", timeout=10)) == (401, "NAO_AUTENTICADO")
    # The panel's token is revoked, not only forgotten: a copy of the cookie opens nothing either.
    copia = requests.get(f"{gateway}/api/eventos", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert erro(copia) == (401, "TOKEN_REVOGADO")


def pessoa() -> dict[str, Any]:
    """A customer and an address no other test uses, in plain ASCII (as they would appear in JSON)."""
    marca = uuid.uuid4().hex[:10]
    digitos = f"{random.randrange(10**8):08d}"
    return {
        "cliente": {
            "nome": f"Fulana {marca}",
            "email": f"fulana.{marca}@example.com",
            "telefone": f"(11) 9{digitos[:4]}-{digitos[4:]}",
        },
        "entrega": {
            "endereco": f"Rua {marca}, 10",
            "cidade": f"Cidade {marca}",
            "cep": f"{digitos[:5]}-{digitos[5:]}",
        },
    }


def pessoais_em(eventos: list[dict[str, Any]], *pessoas: dict[str, Any]) -> list[str]:
    """Which of the people's data (or the fields that would hold it) these events' JSON shows."""
    texto = json.dumps(eventos, ensure_ascii=False)
    procurados = [valor for p in pessoas for valor in p.values()]
    return [t for t in [*procurados, '"cliente":', '"entrega":', '"cartao_final":'] if t in texto]


def do_barramento(entradas: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The stream entries with their envelope decoded (their raw fields otherwise as they are)."""
    return [{**campos, "evento": json.loads(campos["evento"])} for campos in entradas]


def armazenados(gateway: str, correlacao: str, ultimo_tipo: str) -> list[dict[str, Any]] | None:
    """The correlation's stored events (staff), once one of `ultimo_tipo` is among them."""
    resposta = requests.get(f"{gateway}/api/eventos/correlacao/{correlacao}", headers=staff(), timeout=10)
    eventos: list[dict[str, Any]] = resposta.json()["data"]
    return eventos if ultimo_tipo in {e["type"] for e in eventos} else None


def test_after_a_checkout_neither_the_bus_nor_the_events_api_carry_the_customers_personal_data(
    gateway: str,
) -> None:
    produto = novo_produto(estoque=5)
    comprador, mudanca = pessoa(), pessoa()
    correlacao = f"privacidade-{uuid.uuid4().hex}"
    escuta = Escuta(correlacao, "EntregaAlterada")
    corpo = {
        "itens": [{"produto_id": produto["id"], "quantidade": 2}],
        **comprador,
        "pagamento": {"metodo": "cartao", "numero_cartao": "4111111111111111"},
    }
    checkout = requests.post(
        f"{gateway}/api/pedidos",
        json=corpo,
        headers={"Idempotency-Key": uuid.uuid4().hex, "Prefer": "wait=10", "X-Request-ID": correlacao},
        timeout=60,
    )
    assert checkout.status_code == 200 and checkout.json()["data"]["status"] == "CONFIRMADO", checkout.text
    pedido_id = checkout.json()["data"]["id"]
    # Staff may change any order's delivery (its owner too): the new address stays home as well.
    alterada = requests.put(
        f"{gateway}/api/pedidos/{pedido_id}",
        json={"entrega": mudanca["entrega"]},
        headers={**staff(), "X-Request-ID": correlacao},
        timeout=10,
    )
    assert alterada.status_code == 200, alterada.text

    no_barramento = do_barramento(escuta.entradas())
    na_api = eventually(lambda: armazenados(gateway, correlacao, "EntregaAlterada"), what="the events stored")

    pessoais = [comprador["cliente"], comprador["entrega"], mudanca["entrega"]]
    assert pessoais_em(no_barramento, *pessoais) == []
    assert pessoais_em(na_api, *pessoais) == []
    tipos = {entrada["type"] for entrada in no_barramento}
    assert {"PedidoCriado", "PedidoConfirmado", "EntregaAlterada"} <= tipos
    # What the consumers need is still there: the catalog reserves the items.
    [criado] = [e["data"] for e in na_api if e["type"] == "PedidoCriado"]
    assert criado["itens"] == corpo["itens"] and criado["pagamento"] == {"metodo": "cartao"}


def test_an_event_published_with_personal_data_before_the_change_is_stored_and_fed_without_it(
    gateway: str,
) -> None:
    # What an outbox row written before the upgrade, or an old dead letter sent back, still carries.
    endereco = pessoa()["entrega"]
    pedido_id = str(uuid.uuid4())
    antigo = EventEnvelope(
        type="EntregaAlterada",
        aggregate_type="Pedido",
        aggregate_id=pedido_id,
        data={"pedido_id": pedido_id, "entrega": endereco},
        producer="pedidos",
        version=2,
    )
    with requests.get(
        f"{gateway}{FEED}", params={"tipo": "EntregaAlterada"}, headers=staff(), stream=True, timeout=(5, 30)
    ) as feed:
        linhas = feed.iter_lines(decode_unicode=True)
        assert next(linhas).startswith("retry:")
        publicar(antigo)
        quadro = next(linha for linha in linhas if linha.startswith("data:") and antigo.event_id in linha)

    assert json.loads(quadro.removeprefix("data: "))["data"] == {"pedido_id": pedido_id}
    url = f"{gateway}/api/eventos/{antigo.event_id}"
    guardado = eventually(
        lambda: requests.get(url, headers=staff(), timeout=10).json().get("data"), what="the old event stored"
    )
    assert guardado["data"] == {"pedido_id": pedido_id}
