"""The storefront at `/`, page by page, in a real headless Chromium through the gateway: filters and
pages, the cart's flags, refusals and outages said as they are, the keyboard, speed and the CSP.
The customers' journeys (a purchase, an account, tabs) are in test_loja_jornadas.py.
"""

from __future__ import annotations

import re
import uuid

import requests
from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec

from tests.e2e.conftest import wait_healthy
from tests.support import compose, navegador
from tests.support.api_client import staff
from tests.support.eventually import eventually
from tests.support.loja import (
    abrir_pagina,
    esperar,
    esperar_pronta,
    fotografar,
    no_carrinho,
    pagina_acessivel,
    produto_da_loja,
    produtos_na_pagina,
    texto,
)


def test_the_filters_by_price_and_stock_narrow_the_list_and_a_sold_out_product_cannot_be_added(
    browser: webdriver.Chrome, gateway: str
) -> None:
    marca = uuid.uuid4().hex[:6]
    caro = produto_da_loja(f"Biscoito Amanteigado {marca}", estoque_inicial=5, preco="99.00")
    esgotado = produto_da_loja(f"Biscoito Recheado {marca}", estoque_inicial=0, preco="5.00")

    def listados() -> list[str]:
        esperar_pronta(browser)
        return produtos_na_pagina(browser)

    abrir_pagina(browser, f"{gateway}/?busca=biscoito+{marca}")
    assert sorted(listados()) == sorted([str(caro["id"]), str(esgotado["id"])])
    cartao = browser.find_element(By.CSS_SELECTOR, f'li[data-produto="{esgotado["id"]}"]')
    assert "Esgotado" in cartao.find_element(By.CSS_SELECTOR, ".estoque").text
    assert not cartao.find_element(By.CSS_SELECTOR, "button.adicionar").is_enabled()

    browser.find_element(By.ID, "preco-max").send_keys("50")
    browser.find_element(By.ID, "filtrar").click()
    esperar(browser, ec.url_contains("preco_max=50"))
    assert listados() == [str(esgotado["id"])]

    abrir_pagina(browser, f"{gateway}/?busca=biscoito+{marca}")
    browser.find_element(By.ID, "em-estoque").click()
    browser.find_element(By.ID, "filtrar").click()
    esperar(browser, ec.url_contains("em_estoque=true"))
    assert listados() == [str(caro["id"])]
    assert browser.find_element(By.ID, "em-estoque").is_selected()  # the form shows the filter in use


def test_the_cart_flags_a_changed_price_and_a_product_no_longer_sold(
    browser: webdriver.Chrome, gateway: str
) -> None:
    marca = uuid.uuid4().hex[:6]
    remarcado = produto_da_loja(f"Bombom de Uva {marca}", preco="8.00")
    retirado = produto_da_loja(f"Trufa de Maracujá {marca}", preco="6.00")
    no_carrinho(browser, gateway, remarcado["id"])
    no_carrinho(browser, gateway, retirado["id"])

    novo_preco = {"preco": "9.50", "versao": remarcado["versao"]}
    url = f"{gateway}/api/produtos/{remarcado['id']}"
    assert requests.put(url, json=novo_preco, headers=staff(), timeout=10).status_code == 200
    url = f"{gateway}/api/produtos/{retirado['id']}"
    assert requests.delete(url, headers=staff(), timeout=10).status_code == 200

    # The cart learns both from the catalog's events (its copy of each product), a moment later.
    def sinalizado() -> bool:
        abrir_pagina(browser, f"{gateway}/loja/carrinho.html")
        return "Preço mudou" in texto(browser, f'tr[data-produto="{remarcado["id"]}"]') and (
            "Indisponível" in texto(browser, f'tr[data-produto="{retirado["id"]}"]')
        )

    eventually(sinalizado, timeout_s=30, interval_s=1, what="the cart's flags")
    assert "era R$ 8,00, agora R$ 9,50" in texto(browser, f'tr[data-produto="{remarcado["id"]}"]')
    assert texto(browser, "#total") == "R$ 9,50"  # an unavailable line is out of the total
    pagina_acessivel(browser, "carrinho-com-avisos")


def test_asking_for_more_than_the_stock_says_how_many_are_left(
    browser: webdriver.Chrome, gateway: str
) -> None:
    produto = produto_da_loja(f"Quindim Raro {uuid.uuid4().hex[:6]}", estoque_inicial=2)
    abrir_pagina(browser, f"{gateway}/loja/produto.html?id={produto['id']}")
    assert texto(browser, "#estoque") == "Só 2 unidades"
    campo = browser.find_element(By.ID, "quantidade")
    campo.clear()
    campo.send_keys("5")
    browser.find_element(By.ID, "botao-adicionar").click()

    esperar(browser, ec.text_to_be_present_in_element((By.ID, "aviso"), "Não há estoque suficiente"))
    assert "2 disponível" in texto(browser, "#aviso")


def test_with_the_carts_redis_stopped_adding_says_the_cart_is_out_and_the_product_page_stays(
    browser: webdriver.Chrome, gateway: str
) -> None:
    produto = produto_da_loja(f"Pudim de Leite {uuid.uuid4().hex[:6]}", estoque_inicial=3)
    compose.compose("stop", "carrinho-redis")
    try:
        abrir_pagina(browser, f"{gateway}/loja/produto.html?id={produto['id']}")
        browser.find_element(By.ID, "botao-adicionar").click()
        esperar(browser, ec.text_to_be_present_in_element((By.ID, "aviso"), "fora do ar"))
        aviso = texto(browser, "#aviso")
        nome = texto(browser, "#nome")
        fotografar(browser, "carrinho-fora-do-ar")
    finally:
        compose.compose("start", "carrinho-redis")
    wait_healthy("carrinho-redis")

    assert aviso == "Uma parte da loja está fora do ar agora. Tente de novo em instantes."
    assert nome == produto["nome"]


def test_with_the_catalog_primary_stopped_the_shop_still_browses_and_warns_that_buying_may_fail(
    browser: webdriver.Chrome, gateway: str
) -> None:
    produto = produto_da_loja(f"Sonho de Padaria {uuid.uuid4().hex[:6]}", estoque_inicial=3)
    abrir_pagina(browser, f"{gateway}/")
    assert texto(browser, "#situacao") == ""
    compose.compose("stop", "catalogo-db")
    try:
        # Each page asks the catalog again (past the gateway's 1-second micro-cache within a second).
        def avisa() -> bool:
            abrir_pagina(browser, f"{gateway}/loja/produto.html?id={produto['id']}")
            return "só para consulta" in texto(browser, "#situacao")

        eventually(avisa, timeout_s=30, interval_s=1, what="the shop's warning")
        assert texto(browser, "#nome") == produto["nome"]
        assert "finalizar compras pode não funcionar" in texto(browser, "#situacao")
        pagina_acessivel(browser, "catalogo-primario-parado")
        # Paging with the buttons, as a customer does (the tests' products fill more than one page).
        abrir_pagina(browser, f"{gateway}/")
        primeira = produtos_na_pagina(browser)
        assert not browser.find_element(By.ID, "anterior").is_enabled()
        browser.find_element(By.ID, "proxima").click()
        esperar(browser, ec.url_contains("pagina=2"))
        esperar_pronta(browser)
        segunda = produtos_na_pagina(browser)
        assert segunda and not set(segunda) & set(primeira)
        assert texto(browser, "#pagina-atual").startswith("Página 2 de ")
        assert texto(browser, "#aviso") == ""
        browser.find_element(By.ID, "anterior").click()
        esperar(browser, ec.url_contains("pagina=1"))
        esperar_pronta(browser)
        assert texto(browser, "#pagina-atual").startswith("Página 1 de ")
        assert produtos_na_pagina(browser) == primeira
    finally:
        compose.compose("start", "catalogo-db")
    wait_healthy("catalogo-db")

    def sem_aviso() -> bool:
        abrir_pagina(browser, f"{gateway}/")
        return texto(browser, "#situacao") == ""

    eventually(sem_aviso, timeout_s=60, interval_s=1, what="the warning gone with the primary back")


def test_a_keyboard_alone_skips_to_the_content_and_adds_a_product_to_the_cart(
    browser: webdriver.Chrome, gateway: str
) -> None:
    produto = produto_da_loja(f"Cocada de Forno {uuid.uuid4().hex[:6]}", estoque_inicial=3)
    abrir_pagina(browser, f"{gateway}/loja/produto.html?id={produto['id']}")
    corpo = browser.find_element(By.TAG_NAME, "body")

    corpo.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.text == "Pular para o conteúdo"
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    esperar(browser, ec.url_contains("#conteudo"))
    # The skip link moved the keyboard past the header: the next TAB lands inside the content.
    # (A key pressed as such, to whatever has the focus: sending it to an element would focus that.)
    ActionChains(browser).send_keys(Keys.TAB).perform()
    dentro = "return document.getElementById('conteudo').contains(document.activeElement)"
    assert browser.execute_script(dentro), browser.switch_to.active_element.get_attribute("outerHTML")
    focados = [browser.switch_to.active_element.get_attribute("id")]
    while focados[-1] != "botao-adicionar" and len(focados) < 4:
        browser.switch_to.active_element.send_keys(Keys.TAB)
        focados.append(browser.switch_to.active_element.get_attribute("id"))
    browser.switch_to.active_element.send_keys(Keys.ENTER)

    assert focados == ["quantidade", "botao-adicionar"]  # nothing of the header on the way
    esperar(browser, ec.text_to_be_present_in_element((By.ID, "aviso"), "foi para o carrinho"))
    assert texto(browser, "#itens-no-carrinho") == "1"


def test_the_first_catalogue_page_is_drawn_within_a_second_and_the_browser_loads_nothing_the_csp_refuses(
    browser: webdriver.Chrome, gateway: str
) -> None:
    # The first visit of a fresh browser counts too: nothing of the shop is in its cache yet.
    tempos = []
    for _ in range(4):
        abrir_pagina(browser, f"{gateway}/")
        tempos.append(int(browser.find_element(By.TAG_NAME, "body").get_attribute("data-pronta") or 0))
    erros = navegador.console(browser)

    # The control: a load from another origin is refused by the CSP, and the console says so.
    browser.execute_script(
        "document.body.append(Object.assign(new Image(), {src: 'http://cdn.example.com/x.png'}))"
    )

    def recusada(driver: webdriver.Chrome) -> list[str]:
        return [m for m in navegador.console(driver) if "Content Security Policy" in m]

    recusa = esperar(browser, recusada, segundos=5)

    assert min(tempos) > 0 and max(tempos) < 1000, tempos
    assert erros == [], erros  # no CSP refusal, no failed load, no script error
    assert "cdn.example.com" in recusa[0]


def test_money_and_stock_are_written_the_brazilian_way(browser: webdriver.Chrome, gateway: str) -> None:
    abrir_pagina(browser, f"{gateway}/")
    escritos = browser.execute_async_script(
        "const pronto = arguments[arguments.length - 1];"
        "import('/loja/js/formato.js').then(f => pronto([f.moeda('1234.5'), f.moeda(0.9),"
        " f.textoDoEstoque(0), f.textoDoEstoque(1), f.textoDoEstoque(4), f.textoDoEstoque(30)]));"
    )

    reais = ["R$\xa01.234,50", "R$\xa00,90"]
    assert escritos == [*reais, "Esgotado", "Última unidade!", "Só 4 unidades", "30 em estoque"]


def test_the_shop_owns_the_root_and_loja_paths_and_any_other_path_stays_the_gateways_json_404(
    gateway: str,
) -> None:
    inicio = requests.get(f"{gateway}/", timeout=10)
    modulo = requests.get(f"{gateway}/loja/js/api.js", timeout=10)
    sem_arquivo = requests.get(f"{gateway}/loja/nao-existe.html", timeout=10)
    fora = requests.get(f"{gateway}/pagina/qualquer", timeout=10)

    assert inicio.status_code == 200 and inicio.headers["Content-Type"].startswith("text/html")
    assert "script-src 'self'" in inicio.headers["Content-Security-Policy"]
    # No inline script (the CSP would refuse it): each <script> names its file and has no body;
    # no inline handler (onclick=...) either.
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script\s*>", inicio.text, re.IGNORECASE | re.DOTALL)
    assert len(scripts) == len(re.findall(r"<script\b", inicio.text, re.IGNORECASE)) >= 1
    assert all(re.search(r"\bsrc=", atributos) and not corpo.strip() for atributos, corpo in scripts), scripts
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", inicio.text, re.IGNORECASE)
    assert modulo.headers["Content-Type"].startswith("text/javascript")
    for resposta in (sem_arquivo, fora):
        assert resposta.status_code == 404
        assert resposta.json()["error"]["code"] == "ROTA_NAO_ENCONTRADA"


PAGINAS = {
    "": ("Produtos", "catalogo"),
    "loja/carrinho.html": ("Carrinho", "carrinho"),
    "loja/checkout.html": ("Finalizar compra", "checkout"),
    "loja/conta.html": ("Minha conta", "conta"),
    "loja/pedido.html": ("Seu pedido", "pedido"),
    "loja/produto.html": ("Produto", "produto"),
}


def test_every_shop_page_arrives_whole_with_its_title_its_module_and_the_shared_header_and_footer(
    gateway: str,
) -> None:
    for caminho, (titulo, modulo) in PAGINAS.items():
        pagina = requests.get(f"{gateway}/{caminho}", timeout=10)

        assert pagina.status_code == 200, caminho
        assert pagina.text.startswith("<!doctype html>"), caminho
        assert "<!--#" not in pagina.text, caminho
        assert f"<title>{titulo} · Confeitaria</title>" in pagina.text
        assert f'<script type="module" src="/loja/js/{modulo}.js"></script>' in pagina.text
        assert pagina.text.count('id="link-carrinho"') == pagina.text.count("<footer>") == 1, caminho
        assert pagina.text.rstrip().endswith("</html>"), caminho
        # Reloads are still answered 304 while the page is unchanged.
        assert pagina.headers.get("Last-Modified"), caminho
    parcial = requests.get(f"{gateway}/loja/parciais/topo.html", timeout=10)
    assert parcial.status_code == 404
    assert parcial.json()["error"]["code"] == "ROTA_NAO_ENCONTRADA"
