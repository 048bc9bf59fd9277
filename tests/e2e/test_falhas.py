"""Fault toggles: off by default, visible, switched by staff at runtime, per service."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from tests.support import compose
from tests.support.api_client import staff
from tests.support.eventually import eventually


@pytest.fixture
def desligar_depois(gateway: str) -> Iterator[None]:
    yield
    for servico in ("catalogo", "carrinho", "pedidos"):
        requests.delete(f"{gateway}/api/falhas/{servico}", headers=staff(), timeout=10)


def test_fault_toggles_are_off_by_default_and_visible_to_everyone(gateway: str) -> None:
    falhas = requests.get(f"{gateway}/api/falhas", timeout=10).json()["data"]

    assert set(falhas) == {"catalogo", "catalogo-replica", "carrinho", "pedidos", "events"}
    assert not any(f["ativas"] for f in falhas.values())


def test_staff_switch_an_error_rate_on_and_off_at_runtime(gateway: str, desligar_depois: None) -> None:
    ligado = requests.put(
        f"{gateway}/api/falhas/catalogo", json={"taxa_erro": 1}, headers=staff(), timeout=10
    )
    assert ligado.json()["data"]["ativas"] is True

    def injetada() -> list[requests.Response]:
        # In a list: a Response with an error status is falsy itself.
        resposta = requests.get(f"{gateway}/api/produtos", timeout=10)
        return [resposta] if resposta.status_code == 503 else []

    [resposta] = eventually(injetada, timeout_s=10, what="the injected 503")
    assert resposta.json()["error"]["code"] == "FALHA_INJETADA"
    assert resposta.headers["X-Falha-Injetada"] == "erro"
    assert requests.get(f"{compose.service_url('CATALOGO_PORT')}/health", timeout=10).status_code == 200

    requests.delete(f"{gateway}/api/falhas/catalogo", headers=staff(), timeout=10)
    eventually(lambda: requests.get(f"{gateway}/api/produtos", timeout=10).status_code == 200, timeout_s=10)


def test_added_latency_is_marked_on_every_answer_it_slowed(gateway: str, desligar_depois: None) -> None:
    requests.put(f"{gateway}/api/falhas/carrinho", json={"latencia_ms": 100}, headers=staff(), timeout=10)

    def marcada() -> requests.Response | None:
        resposta = requests.post(f"{gateway}/api/carrinho/sessao", timeout=10)
        return resposta if "X-Falha-Injetada" in resposta.headers else None

    resposta = eventually(marcada, timeout_s=10, what="a slowed answer")
    assert resposta is not None
    assert resposta.status_code == 201
    assert resposta.headers["X-Falha-Injetada"] == "latencia"


def test_the_readiness_toggle_makes_a_service_unready_without_stopping_it(
    gateway: str, desligar_depois: None
) -> None:
    pronto = f"{compose.service_url('PEDIDOS_PORT')}/ready"
    requests.put(f"{gateway}/api/falhas/pedidos", json={"readiness_falha": True}, headers=staff(), timeout=10)

    def despronto() -> list[requests.Response]:
        resposta = requests.get(pronto, timeout=10)
        return [resposta] if resposta.status_code == 503 else []

    [resposta] = eventually(despronto, timeout_s=10, what="unready")
    assert resposta.json()["error"]["code"] == "NAO_PRONTO"
    assert resposta.json()["error"]["checks"]["falhas"]["ok"] is False
    assert (
        requests.get(f"{gateway}/api/pedidos/00000000-0000-0000-0000-000000000000", timeout=10).status_code
        == 404
    )

    requests.delete(f"{gateway}/api/falhas/pedidos", headers=staff(), timeout=10)
    eventually(lambda: requests.get(pronto, timeout=10).status_code == 200, timeout_s=10, what="ready again")


@pytest.mark.parametrize(
    ("caminho", "corpo", "com_token", "status", "codigo"),
    [
        ("/api/falhas/catalogo", {"taxa_erro": 0.5}, False, 401, "NAO_AUTENTICADO"),
        ("/api/falhas/catalogo", {"taxa_erro": 1.5}, True, 422, "ENTRADA_INVALIDA"),
        ("/api/falhas/catalogo", {"latencia_ms": -1}, True, 422, "ENTRADA_INVALIDA"),
        ("/api/falhas/catalogo", {"desligar_tudo": True}, True, 422, "ENTRADA_INVALIDA"),
        ("/api/falhas/gateway", {"taxa_erro": 0.5}, True, 400, "PARAMETRO_INVALIDO"),
    ],
)
def test_toggles_are_switched_by_staff_with_valid_values_only(
    gateway: str, caminho: str, corpo: dict, com_token: bool, status: int, codigo: str
) -> None:
    resposta = requests.put(
        f"{gateway}{caminho}", json=corpo, headers=staff() if com_token else {}, timeout=10
    )

    assert (resposta.status_code, resposta.json()["error"]["code"]) == (status, codigo)
    falhas = requests.get(f"{gateway}/api/falhas", timeout=10).json()["data"]
    assert [servico for servico, f in falhas.items() if f["ativas"]] == []
