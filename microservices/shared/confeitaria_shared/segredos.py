"""Production mode: no service starts with a lab default or short secret; the lab says loudly it has them."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from werkzeug.security import check_password_hash

from .config import ConfigError, env_secret_or_none

log = logging.getLogger(__name__)

MODO = "CONFEITARIA_MODO"
LABORATORIO, PRODUCAO = "laboratorio", "producao"
MINIMO_SEGREDO_DE_TOKENS = 32
MINIMO_SENHA = 16
# Every lab default in docker-compose.yml starts with this; the two below came before the rule.
PREFIXO_DE_LABORATORIO = "lab-"
PADROES_ANTIGOS = frozenset({"confeitaria", "segredo-de-desenvolvimento-troque-em-producao"})
SENHA_PADRAO_DA_EQUIPE = "confeitaria"
# docker-compose.yml's STAFF_SENHA_HASH default: the hash of SENHA_PADRAO_DA_EQUIPE.
HASH_PADRAO_DA_EQUIPE = (
    "pbkdf2:sha256:600000$Chkj3Mg6YCJgG5LV$ada4ba80bdd01e4f3c5f26f2dbf98002f82cd347d9f05fd801552907096ff27a"
)
URLS_COM_SENHA = ("DATABASE_URL", "DATABASE_REPLICA_URL", "EVENT_BUS_URL", "REDIS_URL")

_avisado = False


class SegredosInsegurosError(ConfigError):
    """Production mode found lab defaults or short secrets."""


@dataclass(frozen=True)
class Problema:
    """One secret variable production mode refuses, and why."""

    variavel: str
    motivo: str

    def __str__(self) -> str:
        """`VARIABLE: why`."""
        return f"{self.variavel}: {self.motivo}"


def modo() -> str:
    """CONFEITARIA_MODO: laboratorio (the default) or producao."""
    valor = (os.environ.get(MODO) or LABORATORIO).strip().lower()
    if valor not in (LABORATORIO, PRODUCAO):
        raise ConfigError(f"{MODO} must be {LABORATORIO} or {PRODUCAO}, got {valor!r}")
    return valor


def e_padrao_de_laboratorio(valor: str) -> bool:
    """Whether a secret is one of the lab defaults docker-compose.yml ships."""
    return valor.startswith(PREFIXO_DE_LABORATORIO) or valor in PADROES_ANTIGOS


def motivo_da_senha(senha: str | None, minimo: int) -> str | None:
    """Why a password or secret would be refused (None when it is fine)."""
    if not senha:
        return "no password set"
    if e_padrao_de_laboratorio(senha):
        return "is a lab default"
    if len(senha) < minimo:
        return f"is shorter than {minimo} characters"
    return None


def senha_da_url(url: str) -> str | None:
    """The password of a database or Redis URL (percent-decoded), if it has one."""
    senha = urlsplit(url).password
    return unquote(senha) if senha else None


def motivo_do_hash_da_equipe(hash_: str, producao: bool) -> str | None:
    """Why the staff password hash would be refused: it is the default password's.

    Production checks the hash for real (one PBKDF2, once per start); the lab only compares it with
    the shipped default, so that every start of every process does not pay a hash.
    """
    if hash_ == HASH_PADRAO_DA_EQUIPE:
        return f"is the hash of the default password {SENHA_PADRAO_DA_EQUIPE!r}"
    if producao and check_password_hash(hash_, SENHA_PADRAO_DA_EQUIPE):
        return f"is the hash of the default password {SENHA_PADRAO_DA_EQUIPE!r}"
    return None


def _verificacoes(producao: bool) -> dict[str, Callable[[str], str | None]]:
    """Secret variable → the check of its value; URLs are checked for the password they carry."""
    verificacoes: dict[str, Callable[[str], str | None]] = {
        "AUTH_SECRET": lambda valor: motivo_da_senha(valor, MINIMO_SEGREDO_DE_TOKENS),
        "STAFF_SENHA_HASH": lambda valor: motivo_do_hash_da_equipe(valor, producao),
        # Under Sentinel (docker-compose.ha.yml): what the apps log in to the sentinels with.
        "SENTINEL_PASSWORD": lambda valor: motivo_da_senha(valor, MINIMO_SENHA),
    }
    for nome in URLS_COM_SENHA:
        verificacoes[nome] = lambda url: motivo_da_senha(senha_da_url(url), MINIMO_SENHA)
    return verificacoes


def problemas(producao: bool) -> list[Problema]:
    """Every secret variable set in this process that production mode refuses."""
    encontrados = []
    for nome, verificar in _verificacoes(producao).items():
        valor = env_secret_or_none(nome)
        if valor is None:
            continue  # not this service's
        motivo = verificar(valor)
        if motivo:
            encontrados.append(Problema(nome, motivo))
    return encontrados


def verificar_segredos() -> None:
    """In production, raise naming every weak secret; in the lab, warn once per process."""
    global _avisado
    if modo() == PRODUCAO:
        encontrados = problemas(producao=True)
        if encontrados:
            detalhes = "; ".join(str(problema) for problema in encontrados)
            raise SegredosInsegurosError(f"{MODO}={PRODUCAO} refuses to start: {detalhes}")
        return
    if not _avisado:
        _avisado = True
        log.warning(
            "LAB MODE: lab default secrets and passwords are accepted; never expose this stack "
            f"(set {MODO}={PRODUCAO} to refuse them)",
            extra={"modo": LABORATORIO, "padroes_de_laboratorio": [p.variavel for p in problemas(False)]},
        )


def exigir_segredos() -> None:
    """The entry points' check: a refused secret ends the process (exit status 1) naming its variable."""
    try:
        verificar_segredos()
    except ConfigError as exc:
        log.critical(str(exc))
        raise SystemExit(str(exc)) from None
