"""Settings read from the environment once, at start, with clear errors for bad values."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit, urlunsplit

if TYPE_CHECKING:
    from .sentinela import RedisTarget


class ConfigError(RuntimeError):
    """An environment variable is missing or has an invalid value."""


def env_str(name: str, default: str | None = None) -> str:
    """Return a required (or defaulted) string variable."""
    value = os.environ.get(name, default)
    if value is None or value == "":
        raise ConfigError(f"environment variable {name} is required")
    return value


def env_secret(name: str, default: str | None = None) -> str:
    """Return a required secret from NAME, or from the file NAME_FILE names (Docker secrets)."""
    value = env_secret_or_none(name)
    if value is None:
        return env_str(name, default)
    return value


def env_secret_or_none(name: str) -> str | None:
    """A secret from NAME or from the file named by NAME_FILE; None when neither is set.

    A file's trailing newline is dropped (editors and `echo` add one); setting both is an error,
    since one of them would be silently ignored. A URL (NAME ending in _URL) may leave its
    password to NAME_PASSWORD or NAME_PASSWORD_FILE: the password is then one Docker secret, shared
    with the store that checks it, and the URL itself stays plain configuration.
    """
    value = _value_or_file(name)
    if value is None or not name.endswith("_URL"):
        return value
    password = _value_or_file(f"{name}_PASSWORD")
    return value if password is None else url_with_password(name, value, password)


def url_with_password(name: str, url: str, password: str) -> str:
    """The URL with `password` (percent-encoded) after its user; NAME is for the error message."""
    parts = urlsplit(url)
    userinfo, at, hostport = parts.netloc.rpartition("@")
    if ":" in userinfo:
        raise ConfigError(f"{name} has a password already: drop it there or unset {name}_PASSWORD(_FILE)")
    netloc = f"{userinfo}:{quote(password, safe='')}@{hostport if at else parts.netloc}"
    return urlunsplit(parts._replace(netloc=netloc))


def _value_or_file(name: str) -> str | None:
    """NAME's value, or the content of the file NAME_FILE names; None when neither is set."""
    path = os.environ.get(f"{name}_FILE") or None
    value = os.environ.get(name) or None
    if path is None:
        return value
    if value is not None:
        raise ConfigError(f"set {name} or {name}_FILE, not both")
    try:
        with open(path, encoding="utf-8") as file:
            content = file.read().rstrip("\r\n")
    except OSError as exc:
        raise ConfigError(f"{name}_FILE={path} cannot be read: {exc.strerror}") from None
    if not content:
        raise ConfigError(f"{name}_FILE={path} is empty")
    return content


def env_int(name: str, default: int, minimum: int = 0) -> int:
    """Return an integer variable no smaller than `minimum`."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {value}")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    """Return a boolean variable written as true/false, 1/0, yes/no or on/off."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, got {raw!r}")


@dataclass(frozen=True)
class StreamSettings:
    """Where domain events travel and how a consumer treats failures."""

    bus: RedisTarget
    stream: str = "confeitaria.eventos"
    dead_letter_stream: str = "confeitaria.eventos.dlq"
    max_deliveries: int = 5
    claim_idle_ms: int = 30_000
    block_ms: int = 2_000
    batch_size: int = 100

    @classmethod
    def from_env(cls) -> StreamSettings:
        """Read the bus settings from EVENT_BUS_URL (and its sentinels) and the STREAM_* variables."""
        from .sentinela import RedisTarget  # sentinela reads its variables with this module's helpers

        return cls(
            bus=RedisTarget.from_env("EVENT_BUS", "redis://localhost:6379/0"),
            stream=env_str("STREAM_NAME", cls.stream),
            dead_letter_stream=env_str("DEAD_LETTER_STREAM", cls.dead_letter_stream),
            max_deliveries=env_int("STREAM_MAX_DELIVERIES", cls.max_deliveries, minimum=1),
            claim_idle_ms=env_int("STREAM_CLAIM_IDLE_MS", cls.claim_idle_ms, minimum=100),
            block_ms=env_int("STREAM_BLOCK_MS", cls.block_ms, minimum=10),
            batch_size=env_int("STREAM_BATCH_SIZE", cls.batch_size, minimum=1),
        )
