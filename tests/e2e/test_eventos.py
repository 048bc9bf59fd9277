"""The event store's queries: one checkout's whole path, filters, cursor pages, stream health."""

from __future__ import annotations

import uuid

import pytest
import requests

from tests.support.api_client import SEM_CACHE, adicionar, dados_de_checkout, nova_sessao, novo_produto, staff
from tests.support.eventually import eventually

CAMINHO_DO_CHECKOUT = [
    "CheckoutRealizado",
    "PedidoCriado",
    "EstoqueReservado",
    "PagamentoAprovado",
    "PedidoConfirmado",
    "EstoqueVendido",
]


def test_a_checkout_is_listed_by_its_correlation_across_services_in_causal_order(gateway: str) -> None:
    session_id = nova_sessao()
    adicionar(session_id, 2, 1)
    request_id = f"checkout-{uuid.uuid4().hex}"
    requests.post(
        f"{gateway}/api/carrinho/{session_id}/checkout",
        json=dados_de_checkout(),
        headers={"Prefer": "wait=5", "X-Request-ID": request_id},
        timeout=30,
    )

    def caminho_completo() -> list[dict]:
        caminho: list[dict] = requests.get(
            f"{gateway}/api/eventos/correlacao/{request_id}", headers=staff(), timeout=10
        ).json()["data"]
        return caminho if len(caminho) >= 7 else []

    eventos = eventually(caminho_completo, what="the whole checkout stored")
    tipos = [e["type"] for e in eventos]
    assert set(CAMINHO_DO_CHECKOUT) <= set(tipos)
    assert {"carrinho", "pedidos", "catalogo"} <= {e["producer"] for e in eventos}
    posicao = {e["event_id"]: i for i, e in enumerate(eventos)}
    causas = [(posicao[e["causation_id"]], i) for i, e in enumerate(eventos) if e["causation_id"] in posicao]
    # Each saga step after the order's creation names its cause, and that cause is in the path.
    assert {eventos[efeito]["type"] for _, efeito in causas} >= set(CAMINHO_DO_CHECKOUT[2:])
    assert all(causa < efeito for causa, efeito in causas)
    saga = [t for t in tipos if t in CAMINHO_DO_CHECKOUT[1:]]
    assert saga == CAMINHO_DO_CHECKOUT[1:]


def test_events_page_on_with_a_stable_cursor(gateway: str) -> None:
    produto = novo_produto()
    for preco in ("11.00", "12.00", "13.00"):
        lido = requests.get(f"{gateway}/api/produtos/{produto['id']}", headers=SEM_CACHE, timeout=10)
        assert lido.status_code == 200, lido.text
        alterado = requests.put(
            f"{gateway}/api/produtos/{produto['id']}",
            json={"preco": preco, "versao": lido.json()["data"]["versao"]},
            headers=staff(),
            timeout=10,
        )
        assert alterado.status_code == 200, alterado.text
    filtro = {"agregado_tipo": "Produto", "agregado_id": produto["id"], "ordem": "asc", "limite": 2}
    eventually(
        lambda: len(
            requests.get(
                f"{gateway}/api/eventos", params={**filtro, "limite": 50}, headers=staff(), timeout=10
            ).json()["data"]
        )
        == 7,
        what="1 created + 3 updated + 3 price changes",
    )

    vistos: list[str] = []
    cursor = None
    while True:
        pagina = requests.get(
            f"{gateway}/api/eventos",
            params={**filtro, "cursor": cursor} if cursor else filtro,
            headers=staff(),
            timeout=10,
        ).json()
        vistos += [e["event_id"] for e in pagina["data"]]
        cursor = pagina["proximo_cursor"]
        if cursor is None:
            break

    assert len(vistos) == len(set(vistos)) == 7


def test_each_filter_alone_finds_a_products_events(gateway: str) -> None:
    produto = novo_produto()
    pid = str(produto["id"])
    [criado] = eventually(
        lambda: requests.get(
            f"{gateway}/api/eventos",
            params={"agregado_tipo": "Produto", "agregado_id": pid},
            headers=staff(),
            timeout=10,
        ).json()["data"]
    )
    antes, depois = criado["occurred_at"], criado["occurred_at"]

    def ids(**filtro: str) -> list[str]:
        corpo = requests.get(
            f"{gateway}/api/eventos", params={**filtro, "limite": 500}, headers=staff(), timeout=10
        ).json()
        return [e["event_id"] for e in corpo["data"]]

    assert ids(agregado_id=pid, tipo="ProdutoCriado") == [criado["event_id"]]
    assert criado["event_id"] in ids(tipo="ProdutoCriado")
    assert criado["event_id"] in ids(agregado_tipo="Produto")
    assert criado["event_id"] in ids(correlation_id=criado["correlation_id"])
    assert criado["event_id"] in ids(desde=antes, ate=depois)
    assert criado["event_id"] not in ids(agregado_id=pid, ate="2000-01-01T00:00:00Z")


def test_one_event_is_read_by_its_id(gateway: str) -> None:
    produto = novo_produto()
    filtro = {"agregado_tipo": "Produto", "agregado_id": produto["id"], "tipo": "ProdutoCriado"}
    [evento] = eventually(
        lambda: requests.get(f"{gateway}/api/eventos", params=filtro, headers=staff(), timeout=10).json()[
            "data"
        ]
    )

    lido = requests.get(f"{gateway}/api/eventos/{evento['event_id']}", headers=staff(), timeout=10).json()[
        "data"
    ]

    assert lido == evento


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/eventos?cursor=lixo", 400, "CURSOR_INVALIDO"),
        ("/api/eventos?limite=501", 400, "PARAMETRO_INVALIDO"),
        ("/api/eventos?tipo=Drop%20Table", 400, "PARAMETRO_INVALIDO"),
        ("/api/eventos?desde=ontem", 400, "PARAMETRO_INVALIDO"),
        ("/api/eventos?filtro=x", 400, "PARAMETRO_INVALIDO"),
        ("/api/eventos/nao-e-uuid", 400, "PARAMETRO_INVALIDO"),
        (f"/api/eventos/{uuid.uuid4()}", 404, "EVENTO_NAO_ENCONTRADO"),
        ("/api/eventos/correlacao/com%20espaco", 400, "PARAMETRO_INVALIDO"),
    ],
)
def test_bad_event_queries_are_clear_4xx(gateway: str, path: str, status: int, code: str) -> None:
    response = requests.get(f"{gateway}{path}", headers=staff(), timeout=10)

    assert (response.status_code, response.json()["error"]["code"]) == (status, code)


def test_stream_health_shows_every_consumer_group_and_its_backlog(gateway: str) -> None:
    saude = requests.get(f"{gateway}/api/eventos/stats", headers=staff(), timeout=10).json()["data"]

    assert saude["existe"] is True
    assert saude["ultimo_id"] is not None  # the length may be 0: acknowledged entries are trimmed
    grupos = {g["nome"]: g for g in saude["grupos"]}
    assert {"catalogo", "carrinho", "pedidos", "events"} <= set(grupos)
    assert all(isinstance(g["pendentes"], int) and g["consumidores"] for g in grupos.values())


def test_stream_health_is_exported_to_prometheus(stack: None) -> None:
    from tests.support import compose

    metrics = requests.get(f"{compose.service_url('EVENTS_PORT')}/metrics", timeout=10).text

    assert "stream_entries " in metrics
    assert 'stream_group_pending{group="pedidos"}' in metrics


def test_the_live_feed_sends_new_events_of_the_chosen_type_through_the_gateway(gateway: str) -> None:
    with requests.get(
        f"{gateway}/api/eventos/stream",
        params={"tipo": "ProdutoCriado"},
        headers=staff(),
        stream=True,
        timeout=(5, 30),
    ) as feed:
        assert feed.status_code == 200
        assert feed.headers["Content-Type"].startswith("text/event-stream")
        linhas = feed.iter_lines(decode_unicode=True)
        assert next(linhas).startswith("retry:")  # the feed is open before the product exists
        produto = novo_produto()
        for linha in linhas:
            if linha.startswith("data:") and f'"aggregate_id":"{produto["id"]}"' in linha:
                break
        else:
            pytest.fail("the new product's event never came")


def test_a_malformed_last_event_id_is_a_400(gateway: str) -> None:
    response = requests.get(
        f"{gateway}/api/eventos/stream", headers={**staff(), "Last-Event-ID": "ontem"}, timeout=10
    )

    assert (response.status_code, response.json()["error"]["code"]) == (400, "LAST_EVENT_ID_INVALIDO")


def test_dead_letters_are_for_staff_only(gateway: str) -> None:
    for metodo, caminho in (
        ("get", "/api/eventos/dlq"),
        ("post", "/api/eventos/dlq/reprocessar"),
        ("post", "/api/eventos/dlq/1-0/reprocessar"),
        ("get", "/api/eventos/dlq/reprocessamentos"),
    ):
        response = requests.request(metodo, f"{gateway}{caminho}", timeout=10)
        assert (response.status_code, response.json()["error"]["code"]) == (401, "NAO_AUTENTICADO"), caminho


def test_reprocessing_an_unknown_or_malformed_dead_letter_is_a_4xx(gateway: str) -> None:
    desconhecida = requests.post(f"{gateway}/api/eventos/dlq/1-0/reprocessar", headers=staff(), timeout=10)
    malformada = requests.post(f"{gateway}/api/eventos/dlq/ontem/reprocessar", headers=staff(), timeout=10)
    limite = requests.get(f"{gateway}/api/eventos/dlq", params={"limite": 0}, headers=staff(), timeout=10)

    assert (desconhecida.status_code, desconhecida.json()["error"]["code"]) == (404, "CARTA_NAO_ENCONTRADA")
    assert (malformada.status_code, malformada.json()["error"]["code"]) == (400, "PARAMETRO_INVALIDO")
    assert (limite.status_code, limite.json()["error"]["code"]) == (400, "PARAMETRO_INVALIDO")
