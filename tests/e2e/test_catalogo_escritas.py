"""Catalog writes through the gateway: staff only, optimistic versions, stock that never oversells."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
import requests

from tests.support.api_client import SEM_CACHE, cliente, novo_produto, staff
from tests.support.eventually import eventually


def test_the_seed_stock_update_works_with_a_staff_token(gateway: str) -> None:
    antes = requests.get(f"{gateway}/api/produtos/24/estoque", timeout=10).json()["data"]["estoque"]

    response = requests.put(
        f"{gateway}/api/produtos/24/estoque",
        json={"quantidade": 10, "operacao": "remover"},
        headers=staff(),
        timeout=10,
    )

    assert response.status_code == 200
    assert response.json()["data"]["estoque_atual"] == antes - 10


def test_the_seeds_stock_update_without_a_token_is_a_401_saying_how_to_get_a_staff_token(
    gateway: str,
) -> None:
    response = requests.put(
        f"{gateway}/api/produtos/1/estoque", json={"quantidade": 10, "operacao": "remover"}, timeout=10
    )

    erro = response.json()["error"]
    assert (response.status_code, response.json()["success"], erro["code"]) == (401, False, "NAO_AUTENTICADO")
    assert erro["login"] == ["POST /api/auth/login"]
    assert "usuário da equipe em POST /api/auth/login" in erro["message"]
    assert "Authorization: Bearer <token>" in erro["message"]


def test_writes_need_a_token_and_a_customer_token_is_not_enough(gateway: str) -> None:
    corpo = {"quantidade": 1, "operacao": "adicionar"}

    sem_token = requests.put(f"{gateway}/api/produtos/1/estoque", json=corpo, timeout=10)
    de_cliente = requests.put(f"{gateway}/api/produtos/1/estoque", json=corpo, headers=cliente(), timeout=10)
    forjado = requests.put(
        f"{gateway}/api/produtos/1/estoque",
        json=corpo,
        headers={"Authorization": "Bearer abc.def"},
        timeout=10,
    )

    assert (sem_token.status_code, sem_token.json()["error"]["code"]) == (401, "NAO_AUTENTICADO")
    assert (de_cliente.status_code, de_cliente.json()["error"]["code"]) == (403, "PROIBIDO")
    assert (forjado.status_code, forjado.json()["error"]["code"]) == (401, "TOKEN_INVALIDO")


def test_a_wrong_password_is_a_401(gateway: str) -> None:
    response = requests.post(f"{gateway}/api/auth/login", json={"usuario": "admin", "senha": "x"}, timeout=10)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "CREDENCIAIS_INVALIDAS"


def test_fifty_concurrent_removals_from_ten_units_sell_exactly_ten(gateway: str) -> None:
    produto = novo_produto(estoque=10)
    url = f"{gateway}/api/produtos/{produto['id']}/estoque"
    headers = staff()

    def remover(_: int) -> int:
        return requests.put(
            url, json={"quantidade": 1, "operacao": "remover"}, headers=headers, timeout=30
        ).status_code

    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = list(pool.map(remover, range(50)))

    assert statuses.count(200) == 10
    assert statuses.count(409) == 40
    assert requests.get(url, timeout=10).json()["data"]["estoque"] == 0
    historico = requests.get(f"{url}/historico", timeout=10).json()
    remocoes = [m for m in historico["data"] if m["motivo"] == "manual"]
    assert len(remocoes) == 10
    assert all(m["delta"] == -1 for m in remocoes)
    assert sorted(m["estoque_resultante"] for m in remocoes) == list(range(10))


def test_the_history_answers_what_the_stock_was_at_a_past_moment(gateway: str) -> None:
    produto = novo_produto(estoque=5)
    url = f"{gateway}/api/produtos/{produto['id']}/estoque"
    antes_da_mudanca = datetime.now(UTC).isoformat()
    requests.put(url, json={"quantidade": 9, "operacao": "definir"}, headers=staff(), timeout=10)

    passado = requests.get(f"{url}/historico", params={"em": antes_da_mudanca}, timeout=10).json()["data"]
    agora = requests.get(f"{url}/historico", params={"em": datetime.now(UTC).isoformat()}, timeout=10).json()[
        "data"
    ]
    antes_de_existir = requests.get(
        f"{url}/historico", params={"em": "2000-01-01T00:00:00Z"}, timeout=10
    ).json()

    assert passado["estoque"] == 5
    assert agora["estoque"] == 9
    assert antes_de_existir["data"]["existia"] is False


def test_a_product_change_needs_the_version_read_and_a_stale_one_conflicts(gateway: str) -> None:
    produto = novo_produto()
    url = f"{gateway}/api/produtos/{produto['id']}"

    sem_versao = requests.put(url, json={"preco": "13.00"}, headers=staff(), timeout=10)
    certo = requests.put(
        url, json={"preco": "13.00", "versao": produto["versao"]}, headers=staff(), timeout=10
    )
    velho = requests.put(
        url, json={"nome": "Outro nome", "versao": produto["versao"]}, headers=staff(), timeout=10
    )
    if_match_velho = requests.put(
        url, json={"descricao": "x"}, headers={**staff(), "If-Match": f'"{produto["versao"]}"'}, timeout=10
    )

    assert sem_versao.status_code == 428
    assert certo.status_code == 200
    assert certo.json()["data"]["preco"] == 13.0
    assert certo.json()["data"]["versao"] == produto["versao"] + 1
    assert (velho.status_code, velho.json()["error"]["code"]) == (409, "VERSAO_CONFLITANTE")
    assert if_match_velho.status_code == 412


def test_product_events_reach_the_event_store(gateway: str) -> None:
    produto = novo_produto()
    requests.put(
        f"{gateway}/api/produtos/{produto['id']}",
        json={"preco": "99.90", "versao": 1},
        headers=staff(),
        timeout=10,
    )
    requests.put(
        f"{gateway}/api/produtos/{produto['id']}/estoque",
        json={"quantidade": 2, "operacao": "adicionar"},
        headers=staff(),
        timeout=10,
    )
    requests.delete(f"{gateway}/api/produtos/{produto['id']}", headers=staff(), timeout=10)

    def tipos() -> set[str]:
        filtro = {"agregado_tipo": "Produto", "agregado_id": produto["id"], "limite": 100}
        resposta = requests.get(f"{gateway}/api/eventos", params=filtro, headers=staff(), timeout=10)
        eventos = resposta.json()["data"]
        return {e["type"] for e in eventos}

    esperados = {
        "ProdutoCriado",
        "ProdutoAtualizado",
        "PrecoAlterado",
        "EstoqueAjustado",
        "ProdutoDesativado",
    }
    eventually(lambda: tipos() >= esperados, what="product events stored")


def test_a_deactivated_product_leaves_the_list_but_is_readable_by_id(gateway: str) -> None:
    produto = novo_produto()

    def listados() -> list[int]:
        # Fresh data: the gateway's micro-cache would answer the second search with the first one.
        resposta = requests.get(
            f"{gateway}/api/produtos",
            params={"busca": produto["nome"]},
            headers={"Cache-Control": "no-cache"},
            timeout=10,
        )
        return [p["id"] for p in resposta.json()["data"]]

    antes = listados()
    requests.delete(f"{gateway}/api/produtos/{produto['id']}", headers=staff(), timeout=10)
    depois = listados()
    detalhe = requests.get(f"{gateway}/api/produtos/{produto['id']}", headers=SEM_CACHE, timeout=10).json()

    assert produto["id"] in antes  # the search finds it while it is active
    assert produto["id"] not in depois
    assert detalhe["data"]["ativo"] is False


@pytest.mark.parametrize(
    ("corpo", "status"),
    [
        ({}, 422),
        ({"quantidade": -1, "operacao": "remover"}, 422),
        ({"quantidade": 0, "operacao": "remover"}, 422),
        ({"quantidade": "2", "operacao": "adicionar"}, 422),
        ({"quantidade": 1.5, "operacao": "adicionar"}, 422),
        ({"quantidade": 1, "operacao": "roubar"}, 422),
        ({"quantidade": 1, "operacao": "adicionar", "extra": True}, 422),
    ],
)
def test_bad_stock_operations_are_refused_and_change_nothing(gateway: str, corpo: dict, status: int) -> None:
    url = f"{gateway}/api/produtos/1/estoque"
    antes = requests.get(url, headers=SEM_CACHE, timeout=10).json()["data"]["estoque"]

    response = requests.put(url, json=corpo, headers=staff(), timeout=10)

    assert response.status_code == status
    assert response.json()["error"]["code"] == "ENTRADA_INVALIDA"
    assert requests.get(url, headers=SEM_CACHE, timeout=10).json()["data"]["estoque"] == antes


@pytest.mark.parametrize(
    ("dados", "content_type", "status", "code"),
    [
        ("{ruim", "application/json", 400, "JSON_INVALIDO"),
        ("quantidade=1", "application/x-www-form-urlencoded", 415, "TIPO_DE_CONTEUDO_NAO_SUPORTADO"),
    ],
)
def test_a_body_that_is_not_json_is_a_clear_4xx(
    gateway: str, dados: str, content_type: str, status: int, code: str
) -> None:
    response = requests.put(
        f"{gateway}/api/produtos/1/estoque",
        data=dados,
        headers={**staff(), "Content-Type": content_type},
        timeout=10,
    )

    assert (response.status_code, response.json()["error"]["code"]) == (status, code)


@pytest.mark.parametrize(
    "mudanca",
    [
        {"preco": "1.999"},
        {"preco": -5},
        {"preco": 0},
        {"nome": ""},
        {"categoria_id": 9999},
        {"preco": "NaN"},
        {"preco": None},
        {"nome": None},
        {"ativo": None},
    ],
)
def test_bad_product_fields_are_refused(gateway: str, mudanca: dict) -> None:
    produto = novo_produto()

    response = requests.put(
        f"{gateway}/api/produtos/{produto['id']}", json={**mudanca, "versao": 1}, headers=staff(), timeout=10
    )

    assert response.status_code == 422


def test_renaming_a_product_to_a_name_already_taken_is_a_409_and_changes_nothing(gateway: str) -> None:
    primeiro, segundo = novo_produto(), novo_produto()
    url = f"{gateway}/api/produtos/{segundo['id']}"

    resposta = requests.put(url, json={"nome": primeiro["nome"], "versao": 1}, headers=staff(), timeout=10)

    assert (resposta.status_code, resposta.json()["error"]["code"]) == (409, "NOME_DUPLICADO")
    depois = requests.get(url, headers=SEM_CACHE, timeout=10).json()["data"]
    assert (depois["nome"], depois["versao"]) == (segundo["nome"], segundo["versao"])
