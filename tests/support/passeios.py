"""The docs' tours as data: their fenced blocks, the curl calls in them and their PowerShell twins."""

from __future__ import annotations

import json
import re
import shlex
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.documentos import CERCA

# Shell words: everything but blanks, quotes, the escape and the operators that end a command.
_OPERADORES = "|;&()<>"
_PALAVRA = "".join(c for c in string.printable if c not in " \t\r\n'\"\\" + _OPERADORES)
# A status the doc promises for one call, in its trailing comment: `curl ... /ready   # 200`.
_STATUS_PROMETIDO = re.compile(r"\s#\s*(\d{3})\b[^'\"]*$")
# A variable in a URL, in either shell: `$SESSION`, `${SESSION}`, `$sessionId`, `$($pedido.data.id)`.
_VARIAVEL = re.compile(r"\$\((?:[^()]|\([^()]*\))*\)|\$\{\w+\}|\$\w+")


@dataclass(frozen=True)
class Bloco:
    """A fenced code block: its language and its text."""

    linguagem: str
    linha: int  # of its first line of code, 1-based
    texto: str


def blocos(markdown: str, linguagem: str | None = None) -> list[Bloco]:
    """The file's fenced code blocks, in order (only those of `linguagem` when given)."""
    encontrados: list[Bloco] = []
    cerca: str | None = None
    tipo, inicio, corpo = "", 0, list[str]()
    for numero, linha in enumerate(markdown.splitlines(), start=1):
        abre = CERCA.match(linha)
        if cerca is None and abre:
            cerca = abre.group(1)
            tipo, inicio, corpo = linha.strip()[len(cerca) :].strip(), numero + 1, []
        elif cerca is not None and linha.strip().startswith(cerca) and not linha.strip().strip(cerca[0]):
            encontrados.append(Bloco(tipo, inicio, "\n".join(corpo) + "\n"))
            cerca = None
        elif cerca is not None:
            corpo.append(linha)
    return [b for b in encontrados if linguagem is None or b.linguagem == linguagem]


def _completo(comando: str) -> bool:
    """Whether a shell command has all its quotes closed (it may go on over several lines)."""
    try:
        shlex.split(comando, comments=True)
    except ValueError:
        return False
    return True


def comandos(bloco: str) -> list[str]:
    """The shell commands of a block: lines joined over `\\` and over quotes left open."""
    feitos: list[str] = []
    atual = ""
    for linha in bloco.splitlines():
        atual = f"{atual}\n{linha}" if atual else linha
        if atual.endswith("\\"):
            atual = atual[:-1]
        elif _completo(atual):
            if atual.strip():
                feitos.append(atual)
            atual = ""
    if atual.strip():
        feitos.append(atual)
    return feitos


def _palavras(comando: str) -> list[str]:
    """The shell words of a command, its operators as words of their own, comments dropped."""
    lexer = shlex.shlex(comando, posix=True, punctuation_chars=_OPERADORES)
    lexer.commenters = "#"
    lexer.wordchars = _PALAVRA
    return list(lexer)


@dataclass(frozen=True)
class Chamada:
    """One HTTP call of a tour, as either shell writes it."""

    metodo: str
    url: str  # as written, variables included
    corpo: Any = None  # the JSON body, decoded
    cabecalhos: frozenset[str] = field(default_factory=frozenset)  # names, lower case
    status: int | None = None  # what the doc's comment promises, if it says

    @property
    def rota(self) -> str:
        """Host port and path with every variable as `{}`: what both shells' twins share."""
        sem_esquema = re.sub(r"^https?://", "", self.url)
        return _VARIAVEL.sub("{}", sem_esquema)


def _chamada_curl(argumentos: list[str], status: int | None) -> Chamada:
    """A curl command line as a call (the options the docs use: -X, -H, -d, and the URL)."""
    metodo, url, corpo, cabecalhos = "GET", "", None, set()
    resto = iter(argumentos)
    for arg in resto:
        if arg == "-X":
            metodo = next(resto)
        elif arg == "-H":
            cabecalhos.add(next(resto).split(":", 1)[0].strip().lower())
        elif arg == "-d":
            corpo = json.loads(next(resto))
            metodo = "POST" if metodo == "GET" else metodo
        elif arg in ("-o", "-w", "-D"):
            next(resto)
        elif not arg.startswith("-"):
            url = arg
    cabecalhos.discard("content-type")
    return Chamada(metodo, url, corpo, frozenset(cabecalhos), status)


def chamadas_curl(bloco: str) -> list[Chamada]:
    """Every curl call of a bash block, in the order the shell makes them."""
    encontradas: list[Chamada] = []
    for comando in comandos(bloco):
        prometido = _STATUS_PROMETIDO.search(comando.splitlines()[-1])
        palavras = _palavras(comando)
        for i, palavra in enumerate(palavras):
            if palavra != "curl":
                continue
            argumentos = []
            for seguinte in palavras[i + 1 :]:
                if seguinte and all(c in _OPERADORES for c in seguinte):
                    break
                argumentos.append(seguinte)
            encontradas.append(_chamada_curl(argumentos, int(prometido.group(1)) if prometido else None))
    return encontradas


# --- PowerShell ------------------------------------------------------------------------------------


def _comandos_powershell(bloco: str) -> list[str]:
    """PowerShell statements: lines joined over a trailing backtick and over open brackets."""
    feitos: list[str] = []
    atual = ""
    for linha in bloco.splitlines():
        atual = f"{atual} {linha.strip()}" if atual else linha.strip()
        if atual.endswith("`"):
            atual = atual[:-1].rstrip()
        elif atual.count("{") + atual.count("(") <= atual.count("}") + atual.count(")"):
            if atual:
                feitos.append(atual)
            atual = ""
    return feitos


class _LeitorPowerShell:
    """Reads the PowerShell the tours use: strings, numbers, variables, hashtables, ConvertTo-Json."""

    def __init__(self, texto: str, variaveis: dict[str, Any]) -> None:
        self.texto, self.pos, self.variaveis = texto, 0, variaveis

    def espacos(self) -> None:
        """Skip blanks and statement separators."""
        while self.pos < len(self.texto) and self.texto[self.pos] in " \t\n;":
            self.pos += 1

    def valor(self) -> Any:
        """The value at the cursor: `@{...}`, `"..."`, `'...'`, a number, `$var`, `(expr)` or a word."""
        self.espacos()
        if self.texto.startswith("@{", self.pos):
            return self._tabela()
        inicio = self.texto[self.pos]
        if inicio in "\"'":
            fim = self.texto.index(inicio, self.pos + 1)
            texto = self.texto[self.pos + 1 : fim]
            self.pos = fim + 1
            return texto
        if inicio == "(":
            return self._parenteses()
        match = re.compile(r"\$\((?:[^()]|\([^()]*\))*\)|[^\s;}]+").match(self.texto, self.pos)
        assert match, f"no value at {self.texto[self.pos :]!r}"
        self.pos = match.end()
        palavra = match.group(0)
        if palavra.startswith("$") and palavra[1:] in self.variaveis:
            return self.variaveis[palavra[1:]]
        return int(palavra) if palavra.isdigit() else palavra

    def _tabela(self) -> dict[str, Any]:
        self.pos += 2
        tabela: dict[str, Any] = {}
        while True:
            self.espacos()
            if self.texto[self.pos] == "}":
                self.pos += 1
                return tabela
            chave = re.compile(r"\"([^\"]+)\"|([\w-]+)").match(self.texto, self.pos)
            assert chave, f"no key at {self.texto[self.pos :]!r}"
            self.pos = chave.end()
            self.espacos()
            assert self.texto[self.pos] == "=", f"no '=' at {self.texto[self.pos :]!r}"
            self.pos += 1
            tabela[chave.group(1) or chave.group(2)] = self.valor()

    def _parenteses(self) -> Any:
        self.pos += 1
        valor = self.valor()
        self.espacos()
        if self.texto.startswith("| ConvertTo-Json", self.pos):
            self.pos += len("| ConvertTo-Json")
        self.espacos()
        assert self.texto[self.pos] == ")", f"no ')' at {self.texto[self.pos :]!r}"
        self.pos += 1
        return valor


_ATRIBUICAO = re.compile(r"^\$(\w+)\s*=\s*(.*)$", re.S)


def chamadas_powershell(bloco: str) -> list[Chamada]:
    """Every Invoke-RestMethod of a PowerShell block, in order, with bodies and headers resolved."""
    variaveis: dict[str, Any] = {}
    encontradas: list[Chamada] = []
    for comando in _comandos_powershell(bloco):
        atribuicao = _ATRIBUICAO.match(comando)
        nome, expressao = (atribuicao.group(1), atribuicao.group(2)) if atribuicao else ("", comando)
        if expressao.startswith("Invoke-RestMethod"):
            encontradas.append(_invoke(expressao[len("Invoke-RestMethod") :], variaveis))
            valor: Any = "<resposta>"
        elif expressao.startswith("@{"):
            valor = _LeitorPowerShell(expressao, variaveis).valor()
        else:
            valor = expressao
        if nome:
            variaveis[nome] = valor
    return encontradas


def _invoke(argumentos: str, variaveis: dict[str, Any]) -> Chamada:
    """The parameters of one Invoke-RestMethod: -Uri (or the first word), -Method, -Headers, -Body."""
    leitor = _LeitorPowerShell(argumentos, variaveis)
    parametros: dict[str, Any] = {}
    while True:
        leitor.espacos()
        if leitor.pos >= len(argumentos):
            break
        parametro = re.compile(r"-(\w+)\s").match(argumentos, leitor.pos)
        if parametro:
            leitor.pos = parametro.end()
            parametros[parametro.group(1).lower()] = leitor.valor()
        else:
            parametros["uri"] = leitor.valor()
    cabecalhos = parametros.get("headers") or {}
    assert isinstance(cabecalhos, dict), f"headers not resolved: {cabecalhos!r}"
    return Chamada(
        str(parametros.get("method", "GET")).upper(),
        str(parametros["uri"]),
        parametros.get("body"),
        frozenset(nome.lower() for nome in cabecalhos),
    )


# --- Running a doc's bash blocks -------------------------------------------------------------------

# What the doc's own words become when its blocks run: curl is a function that calls the real one
# (with the doc's ports moved to the stack's), keeps each call's arguments, status line and answer
# under $PASSEIO_LOG/<n>.*, and stops the live feed after 3 s as the reader's Ctrl-C would.
_CURL_GRAVADO = r"""
set -e
echo 0 > "$PASSEIO_LOG/n"
curl() {
  local n args=() a extra=()
  n=$(( $(cat "$PASSEIO_LOG/n") + 1 )); echo "$n" > "$PASSEIO_LOG/n"
  for a in "$@"; do
    %(portas)s
    args+=("$a")
  done
  printf '%%s\0' "${args[@]}" > "$PASSEIO_LOG/$n.args"
  case " $* " in *" -D"*) ;; *) extra+=(-D "$PASSEIO_LOG/$n.cabecalhos") ;; esac
  case "$*" in */api/eventos/stream*) extra+=(--max-time 3) ;; esac
  command curl "${args[@]}" "${extra[@]}" | tee "$PASSEIO_LOG/$n.corpo"
  local rc=${PIPESTATUS[0]}
  if [ "$rc" = 28 ]; then case "$*" in */api/eventos/stream*) rc=0 ;; esac; fi
  return "$rc"
}
"""


def roteiro(blocos_bash: list[Bloco], portas: dict[int, int]) -> str:
    """A bash script: the curl recorder, then the blocks as written, one after another."""
    trocas = "; ".join(f'a="${{a//localhost:{doc}/127.0.0.1:{pilha}}}"' for doc, pilha in portas.items())
    return _CURL_GRAVADO % {"portas": trocas} + "".join(b.texto for b in blocos_bash)


@dataclass(frozen=True)
class Resposta:
    """What one recorded curl call got: its status and what it printed."""

    argumentos: list[str]
    status: int
    saida: str


_LINHA_DE_STATUS = re.compile(r"^HTTP/[\d.]+ (\d{3})", re.M)


def respostas(pasta: Path) -> list[Resposta]:
    """The recorded calls of one run, in order (pasta: its $PASSEIO_LOG directory)."""
    gravadas: list[Resposta] = []
    for n in range(1, int((pasta / "n").read_text()) + 1):
        argumentos = (pasta / f"{n}.args").read_text().rstrip("\0").split("\0")
        saida = (pasta / f"{n}.corpo").read_text() if (pasta / f"{n}.corpo").exists() else ""
        cabecalhos = pasta / f"{n}.cabecalhos"
        status = _LINHA_DE_STATUS.findall(cabecalhos.read_text() if cabecalhos.exists() else saida)
        gravadas.append(Resposta(argumentos, int(status[-1]) if status else 0, saida))
    return gravadas


def problema(chamada: Chamada, resposta: Resposta) -> str | None:
    """Why an answer is not what the doc says (None when it is): its status, or the success envelope."""
    if chamada.status is not None:
        if resposta.status != chamada.status:
            return f"status {resposta.status}, the doc says {chamada.status}"
        return None
    if not 200 <= resposta.status < 300:
        return f"status {resposta.status}"
    try:
        corpo = json.loads(resposta.saida)
    except ValueError:
        return None  # headers, an event stream, a status printed with -w: the status said it all
    if isinstance(corpo, dict) and corpo.get("success") is not True:
        return "not the success envelope"
    return None


def sem_gemeas(powershell: list[Chamada], curl: list[Chamada]) -> list[str]:
    """The PowerShell calls with no curl twin (same method, route, body, headers), or out of its order."""
    problemas: list[str] = []
    ultima = -1
    for chamada in powershell:
        gemeas = [
            n
            for n, c in enumerate(curl)
            if (c.metodo, c.rota, c.corpo, c.cabecalhos)
            == (chamada.metodo, chamada.rota, chamada.corpo, chamada.cabecalhos)
        ]
        if not gemeas:
            problemas.append(f"{chamada.metodo} {chamada.rota} {chamada.corpo or ''}: no curl twin")
        elif not any(n > ultima for n in gemeas):
            problemas.append(f"{chamada.metodo} {chamada.rota}: before its curl twin's place in the tour")
        else:
            ultima = min(n for n in gemeas if n > ultima)
    return problemas
