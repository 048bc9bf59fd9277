"""Settings from the environment: defaults, and clear failures for bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from confeitaria_shared.config import (
    ConfigError,
    StreamSettings,
    env_bool,
    env_int,
    env_secret,
    env_secret_or_none,
    env_str,
)


def test_a_missing_required_variable_fails_with_its_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)

    with pytest.raises(ConfigError, match="DATABASE_URL"):
        env_str("DATABASE_URL")


@pytest.mark.parametrize("raw", ["abc", "1.5", ""])
def test_an_integer_variable_rejects_what_is_not_an_integer(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("X_INT", raw)

    if raw == "":
        assert env_int("X_INT", 7) == 7
    else:
        with pytest.raises(ConfigError, match="X_INT"):
            env_int("X_INT", 7)


def test_an_integer_variable_below_its_minimum_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_INT", "0")

    with pytest.raises(ConfigError, match="at least 1"):
        env_int("X_INT", 5, minimum=1)


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("1", True), ("off", False), ("NO", False)])
def test_a_boolean_variable_reads_the_usual_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("X_BOOL", raw)

    assert env_bool("X_BOOL") is expected


def test_a_boolean_variable_rejects_other_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_BOOL", "talvez")

    with pytest.raises(ConfigError, match="X_BOOL"):
        env_bool("X_BOOL")


def test_stream_settings_have_safe_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("STREAM_NAME", "STREAM_MAX_DELIVERIES", "STREAM_CLAIM_IDLE_MS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("EVENT_BUS_URL", "redis://bus:6379/0")

    settings = StreamSettings.from_env()

    assert settings.stream == "confeitaria.eventos"
    assert settings.max_deliveries == 5
    assert settings.claim_idle_ms == 30_000


def test_a_secret_is_read_from_the_file_named_by_its_file_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    arquivo = tmp_path / "segredo"
    arquivo.write_text("valor-do-docker-secret\n")
    monkeypatch.delenv("X_SEGREDO", raising=False)
    monkeypatch.setenv("X_SEGREDO_FILE", str(arquivo))

    assert env_secret("X_SEGREDO") == "valor-do-docker-secret"


def test_a_secret_set_both_ways_fails_instead_of_ignoring_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    arquivo = tmp_path / "segredo"
    arquivo.write_text("de-arquivo")
    monkeypatch.setenv("X_SEGREDO", "do-ambiente")
    monkeypatch.setenv("X_SEGREDO_FILE", str(arquivo))

    with pytest.raises(ConfigError, match="X_SEGREDO or X_SEGREDO_FILE"):
        env_secret("X_SEGREDO")


@pytest.mark.parametrize("conteudo", [None, ""])
def test_a_secret_file_that_is_missing_or_empty_fails_with_its_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, conteudo: str | None
) -> None:
    arquivo = tmp_path / "segredo"
    if conteudo is not None:
        arquivo.write_text(conteudo)
    monkeypatch.delenv("X_SEGREDO", raising=False)
    monkeypatch.setenv("X_SEGREDO_FILE", str(arquivo))

    with pytest.raises(ConfigError, match="X_SEGREDO_FILE"):
        env_secret("X_SEGREDO")


def test_a_secret_without_file_is_read_from_its_variable_or_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("X_SEGREDO_FILE", raising=False)
    monkeypatch.delenv("X_SEGREDO", raising=False)

    assert env_secret("X_SEGREDO", "padrao") == "padrao"
    assert env_secret_or_none("X_SEGREDO") is None


def test_a_urls_password_is_read_from_the_file_named_by_its_password_file_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    arquivo = tmp_path / "senha"
    arquivo.write_text("s3nha/com@especiais\n")
    monkeypatch.setenv("X_URL", "postgresql+psycopg2://catalogo@/catalogo?host=db:5432&host=replica:5432")
    monkeypatch.setenv("X_URL_PASSWORD_FILE", str(arquivo))

    assert env_secret("X_URL") == (
        "postgresql+psycopg2://catalogo:s3nha%2Fcom%40especiais@/catalogo?host=db:5432&host=replica:5432"
    )


def test_a_redis_urls_password_lands_after_its_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_URL", "redis://events@event-bus:6379/0")
    monkeypatch.setenv("X_URL_PASSWORD", "uma-senha")

    assert env_secret_or_none("X_URL") == "redis://events:uma-senha@event-bus:6379/0"


def test_a_url_without_a_separate_password_is_read_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_URL", "redis://events:inline@event-bus:6379/0")
    monkeypatch.delenv("X_URL_PASSWORD", raising=False)
    monkeypatch.delenv("X_URL_PASSWORD_FILE", raising=False)

    assert env_secret_or_none("X_URL") == "redis://events:inline@event-bus:6379/0"


def test_a_url_with_a_password_in_it_and_apart_from_it_fails_instead_of_ignoring_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("X_URL", "redis://events:inline@event-bus:6379/0")
    monkeypatch.setenv("X_URL_PASSWORD", "outra")

    with pytest.raises(ConfigError, match="X_URL has a password already"):
        env_secret_or_none("X_URL")


def test_only_urls_take_a_separate_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_SEGREDO", "valor")
    monkeypatch.setenv("X_SEGREDO_PASSWORD", "ignorada")

    assert env_secret("X_SEGREDO") == "valor"
