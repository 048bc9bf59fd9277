"""Staff tokens expire: one signed with the stack's own secret but older than its lifetime is refused."""

from __future__ import annotations

import time

import requests
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from confeitaria_shared.auth import _SALT
from tests.support import compose
from tests.support.api_client import novo_produto

VIDA_PADRAO_S = 8 * 3600  # AUTH_TOKEN_TTL_S's default in confeitaria_shared.auth


def ambiente_do_catalogo(nome: str) -> str:
    """One environment variable of the test stack's catalog app ('' when unset)."""
    return compose.compose("exec", "-T", "catalogo", "printenv", nome, check=False).stdout.strip()


def token_de_staff(segredo: str, emitido_em: int) -> str:
    """A staff token signed the way the services sign theirs, stamped with the given moment."""

    class AssinadorComData(TimestampSigner):
        def get_timestamp(self) -> int:
            return emitido_em

    serializador = URLSafeTimedSerializer(segredo, salt=_SALT, signer=AssinadorComData)
    return serializador.dumps({"sub": "admin", "papel": "staff"})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_an_expired_staff_token_is_refused_with_401_while_the_same_token_made_now_is_accepted(
    gateway: str,
) -> None:
    segredo = ambiente_do_catalogo("AUTH_SECRET")
    vida_s = int(ambiente_do_catalogo("AUTH_TOKEN_TTL_S") or VIDA_PADRAO_S)
    agora = int(time.time())
    novo, expirado = token_de_staff(segredo, agora), token_de_staff(segredo, agora - vida_s - 60)
    produto = novo_produto(estoque=5)
    url = f"{gateway}/api/produtos/{produto['id']}/estoque"
    operacao = {"quantidade": 1, "operacao": "adicionar"}

    recusada = requests.put(url, json=operacao, headers=bearer(expirado), timeout=10)
    lista_recusada = requests.get(f"{gateway}/api/pedidos", headers=bearer(expirado), timeout=10)
    aceita = requests.put(url, json=operacao, headers=bearer(novo), timeout=10)

    assert segredo, "the catalog app has no AUTH_SECRET"
    assert (recusada.status_code, recusada.json()["error"]["code"]) == (401, "TOKEN_EXPIRADO")
    assert (lista_recusada.status_code, lista_recusada.json()["error"]["code"]) == (401, "TOKEN_EXPIRADO")
    # Only the age differs: the same forging with the current time is a valid staff token.
    assert aceita.status_code == 200, aceita.text
    assert aceita.json()["data"]["estoque_atual"] == 6  # the refused write changed nothing
