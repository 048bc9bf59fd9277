"""Where a Redis is: a URL alone, or through sentinels; and which replicas a relay waits for."""

from __future__ import annotations

from pathlib import Path

import pytest

from confeitaria_shared.config import ConfigError, StreamSettings
from confeitaria_shared.replicacao import replicas_exigidas
from confeitaria_shared.segredos import problemas
from confeitaria_shared.sentinela import ConexaoDoMestre, RedisTarget, parse_sentinels
from confeitaria_shared.stores import redis_client

URL = "redis://catalogo:senha@event-bus:6379/0"


@pytest.fixture(autouse=True)
def sem_sentinelas(monkeypatch: pytest.MonkeyPatch) -> None:
    for nome in (
        "EVENT_BUS_SENTINELS",
        "EVENT_BUS_SENTINEL_MASTER",
        "SENTINEL_PASSWORD",
        "SENTINEL_PASSWORD_FILE",
    ):
        monkeypatch.delenv(nome, raising=False)
    monkeypatch.setenv("EVENT_BUS_URL", URL)


def test_without_sentinels_the_bus_is_its_url_alone() -> None:
    assert RedisTarget.from_env("EVENT_BUS") == RedisTarget(URL)


def test_without_sentinels_the_client_is_a_plain_one_of_the_url() -> None:
    cliente = redis_client(StreamSettings.from_env().bus)

    assert cliente.connection_pool.connection_kwargs["host"] == "event-bus"


def test_with_sentinels_the_bus_keeps_its_url_and_names_its_master(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENT_BUS_SENTINELS", "sentinel-1:26379, sentinel-2:26380,")
    monkeypatch.setenv("EVENT_BUS_SENTINEL_MASTER", "barramento")
    monkeypatch.setenv("SENTINEL_PASSWORD", "senha-dos-sentinelas")

    alvo = RedisTarget.from_env("EVENT_BUS")

    assert alvo == RedisTarget(
        URL, (("sentinel-1", 26379), ("sentinel-2", 26380)), "barramento", "senha-dos-sentinelas"
    )


def test_the_sentinel_password_may_come_from_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    arquivo = tmp_path / "sentinela"
    arquivo.write_text("senha-em-arquivo\n")
    monkeypatch.setenv("EVENT_BUS_SENTINELS", "sentinel-1:26379")
    monkeypatch.setenv("EVENT_BUS_SENTINEL_MASTER", "barramento")
    monkeypatch.setenv("SENTINEL_PASSWORD_FILE", str(arquivo))

    assert RedisTarget.from_env("EVENT_BUS").sentinel_password == "senha-em-arquivo"


def test_a_client_under_sentinel_asks_the_sentinels_for_the_master(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENT_BUS_SENTINELS", "sentinel-1:26379")
    monkeypatch.setenv("EVENT_BUS_SENTINEL_MASTER", "barramento")

    pool = redis_client(RedisTarget.from_env("EVENT_BUS")).connection_pool

    assert type(pool).__name__ == "SentinelConnectionPool"
    # Reconnects inside a command's retry ask the sentinels again (not the dead master's host).
    assert pool.connection_class is ConexaoDoMestre
    assert pool.connection_kwargs["username"] == "catalogo"
    assert pool.connection_kwargs["password"] == "senha"


@pytest.mark.parametrize(
    ("variaveis", "nome"),
    [
        ({"EVENT_BUS_SENTINELS": "sentinel-1:26379"}, "EVENT_BUS_SENTINEL_MASTER"),
        ({"EVENT_BUS_SENTINEL_MASTER": "barramento"}, "EVENT_BUS_SENTINELS"),
    ],
)
def test_sentinels_without_a_master_name_or_the_reverse_fail_at_start(
    monkeypatch: pytest.MonkeyPatch, variaveis: dict[str, str], nome: str
) -> None:
    for chave, valor in variaveis.items():
        monkeypatch.setenv(chave, valor)

    with pytest.raises(ConfigError, match=nome):
        RedisTarget.from_env("EVENT_BUS")


@pytest.mark.parametrize("bruto", ["sentinel-1", "sentinel-1:porta", ":26379", "sentinel-1:70000", " , "])
def test_a_sentinel_without_a_valid_port_fails_naming_the_variable(bruto: str) -> None:
    with pytest.raises(ConfigError, match="REDIS_SENTINELS"):
        parse_sentinels(bruto, "REDIS_SENTINELS")


def test_production_mode_refuses_a_lab_sentinel_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENTINEL_PASSWORD", "lab-sentinela")

    assert "SENTINEL_PASSWORD" in [p.variavel for p in problemas(producao=True)]


def test_under_sentinel_a_batch_needs_one_replica_and_without_it_none() -> None:
    assert replicas_exigidas(com_sentinelas=True) == 1
    assert replicas_exigidas(com_sentinelas=False) == 0
