"""A real headless Chromium (Debian's chromium and chromium-driver) driven by Selenium."""

from __future__ import annotations

import os
import shutil
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    # Only loopback: the browser never looks up or reaches any other host.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    "--window-size=1280,900",
)


def abrir() -> webdriver.Chrome:
    """Start Chromium; a clear error when it is not installed (scripts/ensure-docker.sh installs it)."""
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        raise RuntimeError("Chromium is missing: apt-get install chromium chromium-driver")
    # The driver path is given: Selenium Manager must not try to download anything.
    os.environ.setdefault("SE_OFFLINE", "true")
    opcoes = webdriver.ChromeOptions()
    for flag in FLAGS:
        opcoes.add_argument(flag)
    opcoes.binary_location = CHROMIUM
    # The console's messages (CSP refusals, failed loads) for console() below.
    opcoes.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opcoes)


def esperar(driver: webdriver.Chrome, condicao: Any, segundos: float = 20) -> Any:
    """Wait until `condicao(driver)` is truthy and return it; TimeoutException after `segundos`."""
    return WebDriverWait(driver, segundos).until(condicao)


def console(driver: webdriver.Chrome) -> list[str]:
    """The console's errors since the last call (Chromium hands each message out once)."""
    return [str(m["message"]) for m in driver.get_log("browser") if m.get("level") == "SEVERE"]
