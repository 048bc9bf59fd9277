"""The storefront in a real browser: its pages, screenshots at two widths, and axe-core's verdict."""

from __future__ import annotations

import os
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.support import compose

# Written by the tests, kept by CI as an artefact (docs/LOJA.md); git-ignored.
FOTOS = compose.REPO_ROOT / "tests" / "artefatos" / "loja"
TAMANHOS = {"celular": (390, 844), "desktop": (1280, 900)}
AXE_VERSAO = "4.10.3"
# What fails the test: axe's two worst levels (docs/LOJA.md).
IMPACTOS_GRAVES = {"serious", "critical"}


def esperar(driver: webdriver.Chrome, condicao: Any, segundos: float = 20) -> Any:
    return WebDriverWait(driver, segundos).until(condicao)


def abrir_pagina(driver: webdriver.Chrome, endereco: str) -> None:
    """Open a page and wait until its script says it is drawn (body[data-pronta])."""
    driver.get(endereco)
    esperar_pronta(driver)


def esperar_pronta(driver: webdriver.Chrome) -> None:
    esperar(driver, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-pronta"))


def fotografar(driver: webdriver.Chrome, nome: str) -> list[Path]:
    """The page as a phone and as a desktop show it, as PNGs in FOTOS; back to desktop width after."""
    FOTOS.mkdir(parents=True, exist_ok=True)
    arquivos = []
    for tamanho, (largura, altura) in TAMANHOS.items():
        driver.set_window_size(largura, altura)
        # The layout follows the width at once; the next animation frame has painted it.
        driver.execute_async_script("requestAnimationFrame(() => requestAnimationFrame(arguments[0]))")
        arquivo = FOTOS / f"{nome}-{tamanho}.png"
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


def status_do_pedido(driver: webdriver.Chrome) -> str:
    """The order page's status (body[data-status], as the API said it), '' until the first answer."""
    return str(driver.find_element(By.TAG_NAME, "body").get_attribute("data-status") or "")
