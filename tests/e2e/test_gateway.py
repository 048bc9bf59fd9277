"""The gateway: request ids end to end, JSON errors of its own, body and rate limits."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.support import compose
from tests.support.api_client import SEM_CACHE, staff
from tests.support.eventually import eventually


# Sent as a reload (no-cache), a product's detail is never answered from the gateway's micro-cache.
def test_a_request_shows_the_same_request_id_in_the_gateway_and_service_logs(gateway: str) -> None:
    response = requests.get(f"{gateway}/api/produtos/1", headers=SEM_CACHE, timeout=10)
    request_id = response.headers["X-Request-ID"]

    def logged_by_both() -> bool:
        no_servico = request_id in compose.logged_request_ids("catalogo", "catalogo-replica")
        return request_id in compose.logs("gateway") and no_servico

    eventually(logged_by_both, what="request id in both logs")


def test_a_clients_own_request_id_is_kept_end_to_end(gateway: str) -> None:
    mine = f"cliente-{uuid.uuid4().hex}"

    response = requests.get(
        f"{gateway}/api/produtos/1", headers={"X-Request-ID": mine, **SEM_CACHE}, timeout=10
    )

    assert response.headers["X-Request-ID"] == mine
    eventually(lambda: mine in compose.logs("catalogo", "catalogo-replica"), what="client id in service log")


def test_an_unknown_route_is_a_json_404_from_the_gateway(gateway: str) -> None:
    response = requests.get(f"{gateway}/nao/existe", timeout=10)

    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "ROTA_NAO_ENCONTRADA"
    assert response.json()["error"]["request_id"] == response.headers["X-Request-ID"]


def test_a_body_over_one_megabyte_is_a_json_413(gateway: str) -> None:
    response = requests.post(
        f"{gateway}/api/carrinho/sessao",
        data=b"x" * (1024 * 1024 + 10),
        headers={"Content-Type": "application/json"},
        timeout=10,
    )

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "CORPO_GRANDE_DEMAIS"


def test_a_request_line_over_eight_kilobytes_is_a_json_414(gateway: str) -> None:
    response = requests.get(f"{gateway}/api/produtos", params={"busca": "a" * 9000}, timeout=10)

    assert response.status_code == 414
    assert response.json()["error"]["code"] == "URI_GRANDE_DEMAIS"


def test_a_stopped_service_is_a_json_502_and_answers_again_when_it_returns(gateway: str) -> None:
    compose.compose("stop", "events")
    seen: list[requests.Response] = []
    try:
        # Until the gateway notices the address is gone, a connect timeout (504) may come first.
        def refused_at_once() -> bool:
            seen.append(requests.get(f"{gateway}/api/eventos", timeout=10))
            return seen[-1].status_code == 502

        eventually(refused_at_once, timeout_s=15, what="a 502 for the stopped service")
        assert seen[-1].json()["error"]["code"] == "SERVICO_INDISPONIVEL"
        assert all(r.status_code in (502, 504) and r.json()["success"] is False for r in seen)
    finally:
        compose.compose("start", "events")
    eventually(
        lambda: requests.get(f"{gateway}/api/eventos", headers=staff(), timeout=10).status_code == 200,
        timeout_s=60,
        what="events back through the gateway",
    )


def test_too_many_requests_from_one_client_get_a_json_429(gateway: str) -> None:
    with ThreadPoolExecutor(max_workers=16) as pool:
        responses = list(pool.map(lambda _: requests.get(f"{gateway}/limite", timeout=10), range(600)))

    limited = [r for r in responses if r.status_code == 429]
    assert limited, "the burst should have been limited"
    assert limited[0].json()["error"]["code"] == "REQUISICOES_DEMAIS"
    # /limite is no route, but it passes limit_req before its JSON 404 (/health is answered before
    # the limit): a 404 there, not a 429, shows the bucket refilled and traffic is served again.
    eventually(lambda: requests.get(f"{gateway}/limite", timeout=10).status_code == 404, timeout_s=10)
