"""Tokens and order links, as pure logic: signed with HS256 for one audience, refused past their life."""

from __future__ import annotations

import time
from collections.abc import Iterator

import jwt
import pytest
from flask import Flask
from flask.testing import FlaskClient

from confeitaria_shared.auth import (
    PROPOSITO_TOKENS,
    Autenticador,
    AuthSettings,
    chave_derivada,
    exigir_cliente,
    exigir_staff,
    install_auth,
)
from confeitaria_shared.auth_api import auth_api
from confeitaria_shared.context import request_id_var
from confeitaria_shared.errors import ApiError
from confeitaria_shared.tentativas import ESPERA_MAX_S, espera_apos
from confeitaria_shared.web import install_plumbing

VIDA_S = 60
SEGREDO = "segredo-de-teste-com-mais-de-32-caracteres"


def autenticador(segredo: str = SEGREDO) -> Autenticador:
    # No revocation store: verification here is the token's own checks.
    return Autenticador(AuthSettings(segredo, VIDA_S, "admin", "hash-nao-usado"))


def recusa(token: str) -> tuple[int, str]:
    with pytest.raises(ApiError) as caught:
        autenticador().verificar(token)
    return caught.value.status, caught.value.code


def reassinado(token: str, **mudancas: object) -> str:
    """The token's claims with changes, signed again with the right key."""
    claims = jwt.decode(token, options={"verify_signature": False})
    return jwt.encode({**claims, **mudancas}, chave_derivada(SEGREDO, PROPOSITO_TOKENS), "HS256")


def test_a_token_within_its_lifetime_is_accepted_with_its_subject_and_role() -> None:
    claims = autenticador().verificar(autenticador().emitir("admin", "staff")["token"])

    assert (claims["sub"], claims["papel"], claims["aud"]) == ("admin", "staff", "staff")
    assert claims["exp"] - claims["iat"] == VIDA_S


def test_a_token_past_its_expiry_is_refused_as_token_expirado() -> None:
    token = reassinado(autenticador().emitir("admin", "staff")["token"], exp=int(time.time()) - 1)

    assert recusa(token) == (401, "TOKEN_EXPIRADO")


def test_a_token_signed_with_another_secret_is_refused_as_token_invalido() -> None:
    alheio = autenticador("outro-segredo-com-mais-de-32-caracteres!").emitir("admin", "staff")["token"]

    assert recusa(alheio) == (401, "TOKEN_INVALIDO")


def test_a_token_for_another_audience_is_refused_as_token_invalido() -> None:
    token = reassinado(autenticador().emitir("admin", "staff")["token"], aud="painel")

    assert recusa(token) == (401, "TOKEN_INVALIDO")


def test_a_token_with_another_algorithm_is_refused_even_signed_with_the_right_key() -> None:
    claims = jwt.decode(autenticador().emitir("admin", "staff")["token"], options={"verify_signature": False})
    hs512 = jwt.encode(claims, chave_derivada(SEGREDO, PROPOSITO_TOKENS), "HS512")
    sem_assinatura = jwt.encode(claims, None, "none")

    assert recusa(hs512) == (401, "TOKEN_INVALIDO")
    assert recusa(sem_assinatura) == (401, "TOKEN_INVALIDO")


def test_the_raw_secret_does_not_sign_tokens_only_its_derived_key_does() -> None:
    claims = jwt.decode(autenticador().emitir("admin", "staff")["token"], options={"verify_signature": False})

    assert recusa(jwt.encode(claims, SEGREDO, "HS256")) == (401, "TOKEN_INVALIDO")


def test_an_orders_access_token_opens_that_order_only() -> None:
    auth = autenticador()
    token = auth.acesso_do_pedido("pedido-1")

    assert auth.acesso_valido("pedido-1", token)
    assert not auth.acesso_valido("pedido-2", token)
    assert not autenticador("outro-segredo-com-mais-de-32-caracteres!").acesso_valido("pedido-1", token)


def test_an_orders_access_token_is_not_a_bearer_token() -> None:
    assert recusa(autenticador().acesso_do_pedido("pedido-1")) == (401, "TOKEN_INVALIDO")


@pytest.mark.parametrize(("falhas", "espera"), [(0, 0), (4, 0), (5, 1), (6, 2), (9, 16), (40, ESPERA_MAX_S)])
def test_an_account_waits_longer_after_each_wrong_password_past_five(falhas: int, espera: int) -> None:
    assert espera_apos(falhas) == espera


def test_tokens_live_one_hour_unless_the_environment_says_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTH_SECRET", SEGREDO)
    monkeypatch.setenv("STAFF_SENHA_HASH", "hash-nao-usado")
    monkeypatch.delenv("AUTH_TOKEN_TTL_S", raising=False)

    assert AuthSettings.from_env().token_ttl_s == 3600


@pytest.fixture
def rotas(monkeypatch: pytest.MonkeyPatch) -> Iterator[FlaskClient]:
    """A bare app with the shared plumbing: a staff route, a customer route and the logout."""
    monkeypatch.delenv("EVENT_BUS_URL", raising=False)
    monkeypatch.delenv("CORS_ORIGENS", raising=False)
    app = Flask("teste")
    install_plumbing(app, "teste", {"ok": lambda: None})
    install_auth(app, AuthSettings(SEGREDO, VIDA_S, "admin", "hash-nao-usado"))
    app.register_blueprint(auth_api)

    @app.put("/api/produtos/1/estoque")
    def estoque() -> str:
        exigir_staff()
        return ""

    @app.get("/api/clientes/eu")
    def eu() -> str:
        return exigir_cliente()

    yield app.test_client()
    # The plumbing binds each request's id to the thread; later tests here expect none bound.
    request_id_var.set(None)


def test_a_staff_route_without_a_token_answers_401_saying_to_log_in_as_staff_and_where(
    rotas: FlaskClient,
) -> None:
    erro = rotas.put("/api/produtos/1/estoque", json={"quantidade": 10, "operacao": "remover"}).get_json()

    assert erro["error"]["code"] == "NAO_AUTENTICADO"
    assert erro["error"]["login"] == ["POST /api/auth/login"]
    assert "usuário da equipe em POST /api/auth/login" in erro["error"]["message"]
    assert '{"usuario": "...", "senha": "..."}' in erro["error"]["message"]
    assert "Authorization: Bearer <token>" in erro["error"]["message"]


def test_a_customer_route_without_a_token_names_the_customer_login_and_sign_up_routes(
    rotas: FlaskClient,
) -> None:
    resposta = rotas.get("/api/clientes/eu")

    assert resposta.status_code == 401
    assert resposta.get_json()["error"]["login"] == ["POST /api/clientes/login"]
    assert "POST /api/clientes/login" in resposta.get_json()["error"]["message"]
    assert "POST /api/clientes)" in resposta.get_json()["error"]["message"]


def test_a_route_any_token_opens_names_both_logins(rotas: FlaskClient) -> None:
    resposta = rotas.post("/api/auth/logout")

    assert resposta.status_code == 401
    assert resposta.get_json()["error"]["login"] == ["POST /api/auth/login", "POST /api/clientes/login"]


def test_an_authorization_header_that_is_not_bearer_gets_the_same_directions(rotas: FlaskClient) -> None:
    resposta = rotas.put("/api/produtos/1/estoque", headers={"Authorization": "Basic YWRtaW46eA=="})

    assert resposta.status_code == 401
    assert resposta.get_json()["error"]["code"] == "NAO_AUTENTICADO"
    assert "POST /api/auth/login" in resposta.get_json()["error"]["message"]
