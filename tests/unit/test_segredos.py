"""Production mode refuses lab defaults and short secrets; the lab warns once that it accepts them."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from werkzeug.security import generate_password_hash

from confeitaria_shared import segredos
from confeitaria_shared.config import ConfigError
from confeitaria_shared.segredos import (
    HASH_PADRAO_DA_EQUIPE,
    SegredosInsegurosError,
    exigir_segredos,
    motivo_da_senha,
    problemas,
    senha_da_url,
    verificar_segredos,
)

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"
SEGREDO_FORTE = "x" * 40
SENHA_FORTE = "s3nha-longa-e-aleatoria-0123456789"
VARIAVEIS = ("AUTH_SECRET", "STAFF_SENHA_HASH", *segredos.URLS_COM_SENHA)


@pytest.fixture(autouse=True)
def ambiente_limpo(monkeypatch: pytest.MonkeyPatch) -> None:
    separadas = [f"{nome}_PASSWORD{sufixo}" for nome in segredos.URLS_COM_SENHA for sufixo in ("", "_FILE")]
    for nome in (*VARIAVEIS, *(f"{nome}_FILE" for nome in VARIAVEIS), *separadas, segredos.MODO):
        monkeypatch.delenv(nome, raising=False)
    monkeypatch.setattr(segredos, "_avisado", False)


@pytest.fixture
def producao(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(segredos.MODO, "producao")


def _interpolado(texto: str) -> str:
    """What compose makes of a value with no variable set: each ${X:-default} is its default."""
    return re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", texto).replace("$$", "$")


def test_production_refuses_the_lab_default_token_secret_naming_its_variable(
    producao: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTH_SECRET", "segredo-de-desenvolvimento-troque-em-producao")

    with pytest.raises(SegredosInsegurosError, match="AUTH_SECRET: is a lab default"):
        verificar_segredos()


def test_production_refuses_a_token_secret_shorter_than_32_characters(
    producao: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTH_SECRET", "y" * 31)

    with pytest.raises(SegredosInsegurosError, match="AUTH_SECRET: is shorter than 32 characters"):
        verificar_segredos()


def test_production_refuses_any_hash_of_the_default_staff_password(
    producao: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another salt and cost than the shipped default: the hash is checked, not compared.
    monkeypatch.setenv("STAFF_SENHA_HASH", generate_password_hash("confeitaria", method="pbkdf2:sha256:1000"))

    with pytest.raises(SegredosInsegurosError, match="STAFF_SENHA_HASH: is the hash of the default"):
        verificar_segredos()


@pytest.mark.parametrize(
    ("variavel", "url", "motivo"),
    [
        ("DATABASE_URL", "postgresql+psycopg2://catalogo:lab-catalogo-db@/catalogo?host=db", "lab default"),
        ("DATABASE_URL", "postgresql+psycopg2://confeitaria:confeitaria@db:5432/pedidos", "lab default"),
        ("DATABASE_REPLICA_URL", "postgresql+psycopg2://catalogo:curta@/catalogo?host=db", "shorter than 16"),
        ("EVENT_BUS_URL", "redis://event-bus:6379/0", "no password"),
        ("EVENT_BUS_URL", "redis://pedidos:lab-barramento-pedidos@event-bus:6379/0", "lab default"),
        ("REDIS_URL", "redis://carrinho:1234567@carrinho-redis:6379/0", "shorter than 16"),
    ],
)
def test_production_refuses_store_urls_whose_password_is_missing_a_lab_default_or_short(
    producao: None, monkeypatch: pytest.MonkeyPatch, variavel: str, url: str, motivo: str
) -> None:
    monkeypatch.setenv(variavel, url)

    with pytest.raises(SegredosInsegurosError, match=f"{variavel}: .*{motivo}"):
        verificar_segredos()


def test_production_starts_with_long_secrets_of_its_own(
    producao: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTH_SECRET", SEGREDO_FORTE)
    monkeypatch.setenv("STAFF_SENHA_HASH", generate_password_hash("outra senha", method="pbkdf2:sha256:1000"))
    monkeypatch.setenv("DATABASE_URL", f"postgresql+psycopg2://catalogo:{SENHA_FORTE}@/catalogo?host=db")
    monkeypatch.setenv("EVENT_BUS_URL", f"redis://catalogo:{SENHA_FORTE}@event-bus:6379/0")

    verificar_segredos()


def test_production_reads_a_secret_from_its_file_and_checks_it(
    producao: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    arquivo = tmp_path / "auth_secret"
    arquivo.write_text("lab-segredo-num-arquivo-de-docker-secrets\n")
    monkeypatch.setenv("AUTH_SECRET_FILE", str(arquivo))

    with pytest.raises(SegredosInsegurosError, match="AUTH_SECRET: is a lab default"):
        verificar_segredos()


def test_production_checks_the_password_a_url_reads_from_its_own_file(
    producao: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    arquivo = tmp_path / "catalogo_db_password"
    arquivo.write_text("curta\n")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg2://catalogo@/catalogo?host=db")
    monkeypatch.setenv("DATABASE_URL_PASSWORD_FILE", str(arquivo))

    with pytest.raises(SegredosInsegurosError, match="DATABASE_URL: is shorter than 16"):
        verificar_segredos()


def test_a_percent_encoded_password_is_checked_decoded() -> None:
    assert senha_da_url("redis://events:lab-%40senha@event-bus:6379/0") == "lab-@senha"


def test_the_entry_points_exit_non_zero_with_a_message_naming_the_variable(
    producao: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://carrinho:lab-carrinho-redis@carrinho-redis:6379/0")

    with pytest.raises(SystemExit) as saida:
        exigir_segredos()

    assert "REDIS_URL: is a lab default" in str(saida.value.code)


def test_lab_mode_warns_once_per_process_naming_the_lab_defaults_in_use(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("AUTH_SECRET", "segredo-de-desenvolvimento-troque-em-producao")
    monkeypatch.setenv("STAFF_SENHA_HASH", HASH_PADRAO_DA_EQUIPE)

    with caplog.at_level(logging.WARNING):
        verificar_segredos()
        verificar_segredos()

    avisos = [r for r in caplog.records if r.levelno == logging.WARNING and "LAB MODE" in r.getMessage()]
    assert len(avisos) == 1
    assert avisos[0].padroes_de_laboratorio == ["AUTH_SECRET", "STAFF_SENHA_HASH"]  # type: ignore[attr-defined]


def test_an_unknown_mode_fails_with_the_variable_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(segredos.MODO, "produção-talvez")

    with pytest.raises(ConfigError, match="CONFEITARIA_MODO"):
        verificar_segredos()


def test_every_secret_default_of_docker_compose_is_refused_in_production() -> None:
    texto = COMPOSE.read_text()
    padroes = re.findall(r"\$\{([A-Z_]*(?:PASSWORD|SECRET)[A-Z_]*):-([^}]*)\}", texto)

    assert len(padroes) >= 10
    for variavel, padrao in padroes:
        assert motivo_da_senha(padrao, segredos.MINIMO_SENHA), f"{variavel}'s default {padrao!r} is accepted"


def test_every_store_url_of_docker_compose_is_refused_in_production(
    producao: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    urls = re.findall(
        r"^\s+(DATABASE_URL|DATABASE_REPLICA_URL|EVENT_BUS_URL|REDIS_URL): (.+)$", COMPOSE.read_text(), re.M
    )

    assert len(urls) >= 10
    for variavel, valor in urls:
        monkeypatch.setenv(variavel, _interpolado(valor))
        assert [p.variavel for p in problemas(producao=True)] == [variavel], valor
        monkeypatch.delenv(variavel)


def test_the_staff_password_hash_default_of_docker_compose_is_the_one_production_refuses() -> None:
    padrao = re.search(r"STAFF_SENHA_HASH: (\$\{STAFF_SENHA_HASH:-[^}]*\})", COMPOSE.read_text())

    assert padrao is not None
    assert _interpolado(padrao.group(1)) == HASH_PADRAO_DA_EQUIPE
