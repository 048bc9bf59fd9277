"""Staff and customer tokens: signed, and refused once past their lifetime."""

from __future__ import annotations

import time
from types import SimpleNamespace

import itsdangerous.timed
import pytest

from confeitaria_shared.auth import Autenticador, AuthSettings
from confeitaria_shared.errors import ApiError

VIDA_S = 60


def autenticador() -> Autenticador:
    return Autenticador(AuthSettings("segredo-de-teste", VIDA_S, "admin", "hash-nao-usado"))


def relogio_adiantado(monkeypatch: pytest.MonkeyPatch, segundos: float) -> None:
    """Move the clock the token check reads forward, without sleeping."""
    agora = time.time() + segundos
    monkeypatch.setattr(itsdangerous.timed, "time", SimpleNamespace(time=lambda: agora))


def test_a_token_within_its_lifetime_is_accepted_with_its_claims(monkeypatch: pytest.MonkeyPatch) -> None:
    token = autenticador().emitir("admin", "staff")["token"]
    relogio_adiantado(monkeypatch, VIDA_S - 5)

    assert autenticador().verificar(token) == {"sub": "admin", "papel": "staff"}


def test_a_token_past_its_expiry_is_refused_as_token_expirado(monkeypatch: pytest.MonkeyPatch) -> None:
    token = autenticador().emitir("admin", "staff")["token"]
    relogio_adiantado(monkeypatch, VIDA_S + 5)

    with pytest.raises(ApiError) as caught:
        autenticador().verificar(token)

    assert (caught.value.status, caught.value.code) == (401, "TOKEN_EXPIRADO")


def test_a_token_signed_with_another_secret_is_refused_as_token_invalido() -> None:
    alheio = Autenticador(AuthSettings("outro-segredo", VIDA_S, "admin", "x")).emitir("admin", "staff")[
        "token"
    ]

    with pytest.raises(ApiError) as caught:
        autenticador().verificar(alheio)

    assert (caught.value.status, caught.value.code) == (401, "TOKEN_INVALIDO")
