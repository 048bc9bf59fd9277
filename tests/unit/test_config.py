"""Settings from the environment: defaults, and clear failures for bad values."""

from __future__ import annotations

import pytest

from confeitaria_shared.config import ConfigError, StreamSettings, env_bool, env_int, env_str


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
