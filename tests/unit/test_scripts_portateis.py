"""scripts/ run on macOS too: bash 3.2 and BSD tools, or a line marked `# GNU:` saying why it may not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = sorted((REPO / "scripts").glob("*.sh"))

# What macOS's /bin/bash 3.2 and its BSD userland lack, and what to write instead.
NAO_PORTATEIS = {
    r"\b(?:declare|local|typeset)\s+-[a-zA-Z]*[An]": "associative arrays and namerefs are bash 4",
    r"\b(?:mapfile|readarray|coproc)\b": "bash 4 builtins: use a while-read loop",
    r"\$\{\w+(?:,,?|\^\^?)\}": "case conversion is bash 4: use tr",
    r"&>>|\|&": "bash 4 redirections: use >>file 2>&1, 2>&1 |",
    r"\[\[\s+-v\b": "[[ -v ]] is bash 4.2: use ${var+x}",
    r"\$\{\w+\[-\d+\]\}": "negative array indexes are bash 4.3",
    r"\bsed\s+(?:-[a-zA-Z]*\s+)*-i\b": "sed -i differs on BSD: write to a temporary file",
    r"\breadlink\s+-f\b": "readlink -f is GNU: use cd + pwd -P",
    r"\bdate\s+(?:.*\s)?-d\b": "date -d is GNU (BSD: date -j -f)",
    r"\bgrep\s+(?:-[a-zA-Z]*\s+)*-[a-zA-Z]*P": "grep -P is GNU: use grep -E",
    r"\b(?:sha256sum|md5sum)\b": "coreutils only: fall back to shasum -a 256",
    r"(?:^|[;&|(]\s*|\b(?:if|then|while|do|!)\s+)timeout\s": "timeout is GNU: check it exists",
    r"\binstall\s+-D\b": "install -D is GNU",
    r"\bstat\s+-c\b": "stat -c is GNU (BSD: stat -f)",
    r"\bxargs\s+-r\b|\bfind\b.*-printf\b|\bbase64\s+-w\b|\bsort\s+-V\b": "GNU-only options",
    r"\\[sSdw][+*]?['\"]": "\\s \\S \\d \\w are not POSIX regular expressions: use [[:space:]]",
}


def linhas_de_codigo(script: Path) -> list[tuple[int, str]]:
    """The script's lines without comments, except those marked `# GNU:` (said safe on purpose)."""
    resultado = []
    for numero, linha in enumerate(script.read_text().splitlines(), start=1):
        if "# GNU:" in linha or linha.lstrip().startswith("#"):
            continue
        resultado.append((numero, linha))
    return resultado


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_a_script_uses_no_bash4_feature_nor_gnu_only_tool_without_saying_so(script: Path) -> None:
    achados = [
        f"{script.name}:{numero}: {motivo}: {linha.strip()}"
        for numero, linha in linhas_de_codigo(script)
        for padrao, motivo in NAO_PORTATEIS.items()
        if re.search(padrao, linha)
    ]

    assert achados == []


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_a_script_finds_bash_on_the_path(script: Path) -> None:
    assert script.read_text().splitlines()[0] == "#!/usr/bin/env bash"


def test_the_check_catches_what_it_is_meant_to() -> None:
    exemplos = ["declare -A mapa", "sed -i 's/a/b/' f", 'readlink -f "$0"', "x=$(date -d yesterday)"]
    exemplos += [
        "grep -oP 'a'",
        "mapfile -t linhas < f",
        "echo ${nome,,}",
        "sha256sum f",
        "if timeout 5 cmd; then",
    ]

    nao_pegos = [e for e in exemplos if not any(re.search(p, e) for p in NAO_PORTATEIS)]

    assert nao_pegos == []
