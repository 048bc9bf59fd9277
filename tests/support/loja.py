"""The storefront in a real browser: its pages, screenshots at two widths, and axe-core's verdict."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from functools import cache
from pathlib import Path
from typing import Any

import requests
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from tests.support import compose
from tests.support.api_client import novo_produto, staff
from tests.support.navegador import esperar

# Written by the tests, kept by CI as an artefact (docs/LOJA.md); git-ignored.
FOTOS = compose.REPO_ROOT / "tests" / "artefatos" / "loja"
TAMANHOS = {"celular": (390, 844), "desktop": (1280, 900)}
AXE_VERSAO = "4.10.3"
# What fails the test: axe's two worst levels (docs/LOJA.md).
IMPACTOS_GRAVES = {"serious", "critical"}


def abrir_pagina(driver: webdriver.Chrome, endereco: str) -> None:
    """Open a page and wait until its script says it is drawn (body[data-pronta])."""
    driver.get(endereco)
    esperar_pronta(driver)


def esperar_pronta(driver: webdriver.Chrome) -> None:
    """Wait until the page's script marks it drawn (body[data-pronta], its time since navigation)."""
    esperar(driver, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-pronta"))


@cache
def pasta_de_fotos() -> Path:
    """FOTOS, emptied once per test session: a failed run never shows an earlier run's screenshots."""
    shutil.rmtree(FOTOS, ignore_errors=True)
    FOTOS.mkdir(parents=True, exist_ok=True)
    return FOTOS


def na_largura(driver: webdriver.Chrome, tamanho: str) -> None:
    """Resize the window to one of TAMANHOS and wait until the page is laid out and painted at it."""
    largura, altura = TAMANHOS[tamanho]
    driver.set_window_size(largura, altura)
    esperar(driver, lambda d: d.execute_script("return window.innerWidth") <= largura, segundos=5)
    # The layout follows the width at once; the second animation frame has painted it.
    driver.execute_async_script("requestAnimationFrame(() => requestAnimationFrame(arguments[0]))")


def fotografar(driver: webdriver.Chrome, nome: str) -> list[Path]:
    """The page as a phone and as a desktop show it, as PNGs in FOTOS; back to desktop width after."""
    pasta = pasta_de_fotos()
    arquivos = []
    for tamanho in TAMANHOS:
        na_largura(driver, tamanho)
        arquivo = pasta / f"{nome}-{tamanho}.png"
        driver.save_screenshot(str(arquivo))
        arquivos.append(arquivo)
    return arquivos


@cache
def _axe() -> str:
    """axe.min.js, fetched from the npm registry once (scripts/ensure-axe.sh, idempotent)."""
    arquivo = compose.REPO_ROOT / "tests" / "artefatos" / "ferramentas" / f"axe-core-{AXE_VERSAO}.min.js"
    if not arquivo.exists():
        script = compose.REPO_ROOT / "scripts" / "ensure-axe.sh"
        subprocess.run(["bash", str(script)], check=True, env={**os.environ, "AXE_CORE_VERSION": AXE_VERSAO})
    return arquivo.read_text(encoding="utf-8")


def violacoes_graves(driver: webdriver.Chrome) -> list[dict[str, Any]]:
    """axe-core run on the page as it is now: its serious and critical violations, summarised.

    Injected from the test (the DevTools protocol is not bound by the page's CSP); never shipped.
    """
    driver.execute_script(_axe())
    violacoes: list[dict[str, Any]] = driver.execute_async_script(
        "const pronto = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => pronto(r.violations));"
    )
    return [
        {"regra": v["id"], "impacto": v["impact"], "onde": [n["target"] for n in v["nodes"]][:5]}
        for v in violacoes
        if v["impact"] in IMPACTOS_GRAVES
    ]


def texto(driver: webdriver.Chrome, seletor: str) -> str:
    """The visible text of the first element that `seletor` (CSS) finds."""
    return str(driver.find_element(By.CSS_SELECTOR, seletor).text)


def preencher_checkout(driver: webdriver.Chrome, cartao: str | None = None) -> None:
    """The checkout form filled as a customer would, pix or the given card."""
    campos = {
        "nome": "Maria da Silva",
        "email": "maria@example.com",
        "telefone": "11 98888-7777",
        "endereco": "Rua das Flores, 10",
        "cidade": "São Paulo",
        "cep": "01000-000",
    }
    for campo, valor in campos.items():
        elemento = driver.find_element(By.ID, campo)
        elemento.clear()
        elemento.send_keys(valor)
    if cartao:
        driver.find_element(By.ID, "cartao").click()
        driver.find_element(By.ID, "numero-cartao").send_keys(cartao)


def produtos_na_pagina(driver: webdriver.Chrome) -> list[str]:
    """The ids of the catalogue page's product cards, in order."""
    cartoes = driver.find_elements(By.CSS_SELECTOR, "#produtos li.produto")
    return [str(c.get_attribute("data-produto")) for c in cartoes]


def status_do_pedido(driver: webdriver.Chrome) -> str:
    """The order page's status (body[data-status], as the API said it), '' until the first answer."""
    return str(driver.find_element(By.TAG_NAME, "body").get_attribute("data-status") or "")


def larguras_no_celular(driver: webdriver.Chrome) -> tuple[int, int]:
    """The page's (scrollWidth, clientWidth) at the phone's width, read once it is laid out there."""
    na_largura(driver, "celular")
    rolagem, visivel = driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    na_largura(driver, "desktop")
    return int(rolagem), int(visivel)


def pagina_acessivel(driver: webdriver.Chrome, nome: str) -> None:
    """Screenshots at both widths, nothing wider than a phone, no serious or critical axe violation."""
    fotografar(driver, nome)
    rolagem, visivel = larguras_no_celular(driver)
    assert visivel <= TAMANHOS["celular"][0], (nome, "not resized to the phone's width", visivel)
    assert rolagem <= visivel, (nome, "wider than the phone", rolagem, visivel)
    assert violacoes_graves(driver) == [], nome


def produto_da_loja(nome: str, estoque_inicial: int = 10, preco: str = "12.50") -> dict[str, Any]:
    """A product made by staff for one test, renamed so that a customer can search for it."""
    produto = novo_produto(estoque=estoque_inicial, preco=preco)
    resposta = requests.put(
        f"{compose.gateway_url()}/api/produtos/{produto['id']}",
        json={"nome": nome, "versao": produto["versao"]},
        headers=staff(),
        timeout=10,
    )
    assert resposta.status_code == 200, resposta.text
    return dict(resposta.json()["data"])


def no_carrinho(driver: webdriver.Chrome, gateway: str, produto_id: int, quantidade: int = 1) -> None:
    """Put units of a product in this browser's cart from its product page."""
    abrir_pagina(driver, f"{gateway}/loja/produto.html?id={produto_id}")
    campo = driver.find_element(By.ID, "quantidade")
    campo.clear()
    campo.send_keys(str(quantidade))
    driver.find_element(By.ID, "botao-adicionar").click()
    esperar(driver, ec.text_to_be_present_in_element((By.ID, "aviso"), "foi para o carrinho"))


def pagar(driver: webdriver.Chrome, gateway: str, cartao: str | None = None) -> None:
    """Fill the checkout form (pix, or the given card) and press "Fazer o pedido"."""
    abrir_pagina(driver, f"{gateway}/loja/checkout.html")
    preencher_checkout(driver, cartao)
    driver.find_element(By.ID, "pagar").click()


def desfecho(driver: webdriver.Chrome) -> str:
    """The order page's status once the saga decided it (no longer PENDENTE)."""
    esperar(driver, ec.url_contains("/loja/pedido.html"), segundos=30)
    esperar(driver, lambda d: status_do_pedido(d) not in ("", "PENDENTE"), segundos=60)
    return status_do_pedido(driver)


SENHA = "uma-senha-bem-longa"


def criar_conta(driver: webdriver.Chrome, gateway: str, nome: str = "Joana Cliente") -> str:
    """Sign up on the account page (logged in at once); the new account's e-mail."""
    email = f"cliente-{uuid.uuid4().hex[:10]}@example.com"
    abrir_pagina(driver, f"{gateway}/loja/conta.html")
    driver.find_element(By.ID, "cadastro-nome").send_keys(nome)
    driver.find_element(By.ID, "cadastro-email").send_keys(email)
    driver.find_element(By.ID, "cadastro-senha").send_keys(SENHA)
    driver.find_element(By.ID, "botao-cadastrar").click()
    esperar(driver, ec.visibility_of_element_located((By.ID, "dentro")))
    return email


def entrar(driver: webdriver.Chrome, gateway: str, email: str) -> None:
    """Log in on the account page with SENHA, waiting for the customer's orders to show."""
    abrir_pagina(driver, f"{gateway}/loja/conta.html")
    driver.find_element(By.ID, "login-email").send_keys(email)
    driver.find_element(By.ID, "login-senha").send_keys(SENHA)
    driver.find_element(By.ID, "botao-entrar").click()
    esperar(driver, ec.visibility_of_element_located((By.ID, "dentro")))


def meus_pedidos(driver: webdriver.Chrome, gateway: str) -> list[str]:
    """The ids in the account page's "Seus pedidos" list."""
    abrir_pagina(driver, f"{gateway}/loja/conta.html")
    linhas = driver.find_elements(By.CSS_SELECTOR, "#meus-pedidos tbody tr")
    return [str(linha.get_attribute("data-pedido")) for linha in linhas]


# Run before each page's own scripts: every fetch's path and whether it carried Authorization.
_REGISTRO = """
window.__chamadas = [];
const original = window.fetch;
window.fetch = (caminho, opcoes = {}) => {
  const cabecalhos = new Headers(opcoes.headers || {});
  window.__chamadas.push([String(caminho), cabecalhos.has("Authorization")]);
  return original(caminho, opcoes);
};
"""


def registrar_chamadas(driver: webdriver.Chrome) -> None:
    """From the next page on, record the page's API calls (see chamadas)."""
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _REGISTRO})


def chamadas(driver: webdriver.Chrome) -> list[tuple[str, bool]]:
    """This page's API calls so far: (path, sent with Authorization)."""
    return [(str(c), bool(a)) for c, a in driver.execute_script("return window.__chamadas || []")]
