"""A service's environment with every secret moved to a Docker secret file (`*_FILE` variables)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .variaveis import Parte, Variavel, para_a_pilha, partes

DIRETORIO = "/run/secrets"
PREFIXO_DE_LABORATORIO = "lab-"


def segredo(variavel: str) -> str:
    """The stack's name of the Docker secret holding a compose variable: its name in lower case."""
    return variavel.lower()


def variaveis_secretas(ambientes: list[dict[str, str]], extras: list[str]) -> set[str]:
    """Compose variables holding secrets: those with a `lab-` default (as gerar-segredos.sh) and `extras`."""
    com_padrao = {
        parte.nome
        for ambiente in ambientes
        for valor in ambiente.values()
        for parte in partes(str(valor))
        if isinstance(parte, Variavel) and (parte.padrao or "").startswith(PREFIXO_DE_LABORATORIO)
    }
    return com_padrao | set(extras)


@dataclass
class AmbienteDaPilha:
    """The environment as the stack sets it, and the secrets the service must mount."""

    variaveis: dict[str, str] = field(default_factory=dict)
    segredos: list[str] = field(default_factory=list)

    def arquivo(self, nome: str, variavel: str) -> None:
        """Set NOME to the path of the secret that holds compose's `variavel`."""
        self.variaveis[nome] = f"{DIRETORIO}/{segredo(variavel)}"
        if segredo(variavel) not in self.segredos:
            self.segredos.append(segredo(variavel))


def traduzir(ambiente: dict[str, str], secretas: set[str]) -> AmbienteDaPilha:
    """Each secret becomes NAME_FILE; a URL's inline password becomes NAME_PASSWORD_FILE.

    Both forms are what the services read (confeitaria_shared.config, the PostgreSQL and Redis
    entrypoints); a secret anywhere else in a value has no file form, so it stops the generator.
    """
    resultado = AmbienteDaPilha()
    for nome, valor in ambiente.items():
        pedacos = partes(str(valor))
        achadas = [
            i for i, parte in enumerate(pedacos) if isinstance(parte, Variavel) and parte.nome in secretas
        ]
        if not achadas:
            resultado.variaveis[nome] = para_a_pilha(str(valor))
        elif len(pedacos) == 1:
            resultado.arquivo(f"{nome}_FILE", _nome(pedacos[0]))
        elif len(achadas) == 1 and _e_senha_de_url(pedacos, achadas[0]):
            i = achadas[0]
            sem_senha = [*pedacos[: i - 1], str(pedacos[i - 1])[:-1], *pedacos[i + 1 :]]
            resultado.variaveis[nome] = "".join(str(parte) for parte in sem_senha)
            resultado.arquivo(f"{nome}_PASSWORD_FILE", _nome(pedacos[i]))
        else:
            raise ValueError(f"{nome}: a secret inside {valor!r} has no file form the services read")
    return resultado


def _nome(parte: Parte) -> str:
    assert isinstance(parte, Variavel)
    return parte.nome


def _e_senha_de_url(pedacos: list[Parte], i: int) -> bool:
    """Whether the reference at `i` is the password of a URL: `scheme://user:` before it, `@` after."""
    antes = pedacos[i - 1] if i > 0 else None
    depois = pedacos[i + 1] if i + 1 < len(pedacos) else None
    return (
        isinstance(antes, str)
        and isinstance(depois, str)
        and "://" in antes
        and antes.endswith(":")
        and depois.startswith("@")
    )
