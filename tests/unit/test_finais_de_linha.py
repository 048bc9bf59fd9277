""".gitattributes keeps LF for every file an image copies or a container runs (a CRLF clone breaks them)."""

from __future__ import annotations

import re
import shlex
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not (REPO / ".git").exists(), reason="needs the git checkout")


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True).stdout


def rastreados() -> list[str]:
    return git("ls-files", "-z").split("\0")[:-1]


def instrucoes_copy(dockerfile: Path) -> Iterator[list[str]]:
    """The sources of each COPY/ADD of a Dockerfile (continuation lines joined, flags dropped)."""
    texto = re.sub(r"\\\n", " ", dockerfile.read_text())
    for linha in texto.splitlines():
        partes = shlex.split(linha.split("#", 1)[0]) if linha.strip() else []
        if (
            partes
            and partes[0].upper() in {"COPY", "ADD"}
            and not any(p.startswith("--from") for p in partes)
        ):
            yield [p for p in partes[1:-1] if not p.startswith("--")]


def servicos(contexto: Path) -> list[str]:
    """The values of the SERVICE build argument: the context's folders with a requirements file."""
    return sorted(p.parent.name for p in contexto.glob("*/requirements.txt") if p.parent.name != "shared")


def copiados_para_imagens() -> set[str]:
    """Every tracked file a Dockerfile copies (its build context is its folder), and the Dockerfiles."""
    todos = rastreados()
    copiados: set[str] = set()
    for nome in (n for n in todos if Path(n).name == "Dockerfile"):
        copiados.add(nome)
        contexto = (REPO / nome).parent
        prefixo = contexto.relative_to(REPO).as_posix()
        for fontes in instrucoes_copy(REPO / nome):
            for fonte in fontes:
                valores = servicos(contexto) if "${SERVICE}" in fonte else [""]
                for servico in valores:
                    caminho = f"{prefixo}/{fonte.replace('${SERVICE}', servico)}".rstrip("/")
                    copiados.update(n for n in todos if n == caminho or n.startswith(f"{caminho}/"))
    return copiados


def executados_no_host() -> set[str]:
    """The scripts people and CI run with bash, on Linux, macOS or Git Bash on Windows."""
    return {n for n in rastreados() if n.startswith("scripts/") or n == ".ci/run"}


def fim_de_linha(arquivos: set[str]) -> dict[str, str]:
    saida = git("check-attr", "-z", "eol", "--", *sorted(arquivos))
    campos = saida.split("\0")[:-1]
    return {campos[i]: campos[i + 2] for i in range(0, len(campos), 3)}


def test_the_files_found_in_the_images_include_every_entrypoint_and_config_we_know_of() -> None:
    copiados = copiados_para_imagens()

    assert {
        "nginx/entrypoint.sh",
        "nginx/nginx.conf.template",
        "postgres/entrypoint.sh",
        "postgres/papeis.sql",
        "postgres/haproxy.cfg",
        "redis/redis-admin",
        "redis/acl/carrinho.acl",
        "redis/redis.conf",
        "pgadmin/entrypoint.sh",
        "pgadmin/config_system.py",
        "redis-commander/entrypoint.sh",
        "redis-commander/package-lock.json",
        "microservices/Dockerfile",
        "microservices/catalogo/requirements.txt",
        "microservices/shared/confeitaria_shared/auth.py",
    } <= copiados


def test_every_file_an_image_copies_or_a_container_runs_is_checked_out_with_lf() -> None:
    arquivos = copiados_para_imagens() | executados_no_host()

    sem_lf = {nome: eol for nome, eol in fim_de_linha(arquivos).items() if eol != "lf"}

    assert sem_lf == {}


def test_no_tracked_text_file_is_stored_with_crlf() -> None:
    com_crlf = [linha for linha in git("ls-files", "--eol").splitlines() if linha.startswith("i/crlf")]

    assert com_crlf == []
