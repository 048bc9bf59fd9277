"""Staff tokens expire: one signed with the stack's own secret but past its expiry is refused."""

from __future__ import annotations

import time

import requests

from tests.support.api_client import novo_produto
from tests.support.tokens import assinado, bearer, claims, segredo_da_pilha


def test_an_expired_staff_token_is_refused_with_401_while_the_same_token_made_now_is_accepted(
    gateway: str,
) -> None:
    segredo = segredo_da_pilha()
    agora = int(time.time())
    novo = assinado(claims(), segredo)
    expirado = assinado(claims(iat=agora - 7200, exp=agora - 3600), segredo)
    produto = novo_produto(estoque=5)
    url = f"{gateway}/api/produtos/{produto['id']}/estoque"
    operacao = {"quantidade": 1, "operacao": "adicionar"}

    recusada = requests.put(url, json=operacao, headers=bearer(expirado), timeout=10)
    lista_recusada = requests.get(f"{gateway}/api/pedidos", headers=bearer(expirado), timeout=10)
    aceita = requests.put(url, json=operacao, headers=bearer(novo), timeout=10)

    assert (recusada.status_code, recusada.json()["error"]["code"]) == (401, "TOKEN_EXPIRADO")
    assert (lista_recusada.status_code, lista_recusada.json()["error"]["code"]) == (401, "TOKEN_EXPIRADO")
    # Only the age differs: the same forging with the current time is a valid staff token.
    assert aceita.status_code == 200, aceita.text
    assert aceita.json()["data"]["estoque_atual"] == 6  # the refused write changed nothing
