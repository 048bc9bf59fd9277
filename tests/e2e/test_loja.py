"""The storefront at `/`, walked by a customer in a real headless Chromium through the gateway."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec

from tests.e2e.conftest import wait_healthy
from tests.support import compose, navegador
from tests.support.api_client import estoque, novo_produto, staff
from tests.support.eventually import eventually
from tests.support.loja import (
    TAMANHOS,
    abrir_pagina,
    esperar,
    esperar_pronta,
    fotografar,
    preencher_checkout,
    status_do_pedido,
    texto,
    violacoes_graves,
)


@pytest.fixture
def browser(stack: None) -> Iterator[webdriver.Chrome]:
    # One fresh browser per test: its own localStorage, so each customer starts with an empty cart.
    driver = navegador.abrir()
    yield driver
    driver.quit()


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


def pagina_acessivel(driver: webdriver.Chrome, nome: str) -> None:
    """Screenshots at both widths, nothing wider than a phone, no serious or critical axe violation."""
    fotografar(driver, nome)
    driver.set_window_size(*TAMANHOS["celular"])
    larguras = driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    driver.set_window_size(*TAMANHOS["desktop"])
    assert larguras[0] <= larguras[1], (nome, larguras)
    assert violacoes_graves(driver) == [], nome


def no_carrinho(driver: webdriver.Chrome, gateway: str, produto_id: int, quantidade: int = 1) -> None:
    """Put units of a product in this browser's cart from its product page."""
    abrir_pagina(driver, f"{gateway}/loja/produto.html?id={produto_id}")
    campo = driver.find_element(By.ID, "quantidade")
    campo.clear()
    campo.send_keys(str(quantidade))
    driver.find_element(By.ID, "botao-adicionar").click()
    esperar(driver, ec.text_to_be_present_in_element((By.ID, "aviso"), "foi para o carrinho"))


def pagar(driver: webdriver.Chrome, gateway: str, cartao: str | None = None) -> None:
    abrir_pagina(driver, f"{gateway}/loja/checkout.html")
    preencher_checkout(driver, cartao)
    driver.find_element(By.ID, "pagar").click()


def desfecho(driver: webdriver.Chrome) -> str:
    """The order page's status once the saga decided it (no longer PENDENTE)."""
    esperar(driver, ec.url_contains("/loja/pedido.html"), segundos=30)
    esperar(driver, lambda d: status_do_pedido(d) not in ("", "PENDENTE"), segundos=60)
    return status_do_pedido(driver)


# Selenium's .text turns the no-break space of "R$ 7,90" into a space; the formatting test checks it.
def test_a_customer_searches_adds_two_products_changes_a_quantity_and_pays_by_pix_seeing_it_confirmed(
    browser: webdriver.Chrome, gateway: str
) -> None:
    marca = uuid.uuid4().hex[:6]
    # An accented name, searched without its accents.
    pao = produto_da_loja(f"Pão de Mel Açucarado {marca}", preco="7.90")
    bolo = produto_da_loja(f"Bolo Gelado {marca}", preco="1234.50")

    abrir_pagina(browser, f"{gateway}/")
    assert browser.find_elements(By.CSS_SELECTOR, "#produtos li.produto")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#categoria option")) > 1
    pagina_acessivel(browser, "catalogo")

    busca = browser.find_element(By.ID, "busca")
    busca.send_keys(f"pao de mel acucarado {marca}")
    busca.submit()
    esperar(browser, ec.url_contains("busca="))
    esperar_pronta(browser)
    cartoes = browser.find_elements(By.CSS_SELECTOR, "#produtos li.produto")
    assert [c.get_attribute("data-produto") for c in cartoes] == [str(pao["id"])]
    assert "R$ 7,90" in cartoes[0].text and "10 em estoque" in cartoes[0].text
    pagina_acessivel(browser, "busca")

    cartoes[0].find_element(By.CSS_SELECTOR, "h2 a").click()
    esperar_pronta(browser)
    assert texto(browser, "#nome") == pao["nome"]
    pagina_acessivel(browser, "produto")
    browser.find_element(By.ID, "botao-adicionar").click()
    esperar(browser, ec.text_to_be_present_in_element((By.ID, "aviso"), "foi para o carrinho"))

    abrir_pagina(browser, f"{gateway}/?busca=bolo+gelado+{marca}")
    browser.find_element(By.CSS_SELECTOR, f'li[data-produto="{bolo["id"]}"] button.adicionar').click()
    esperar(browser, ec.text_to_be_present_in_element((By.ID, "itens-no-carrinho"), "2"))

    abrir_pagina(browser, f"{gateway}/loja/carrinho.html")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#itens tbody tr")) == 2
    quantidade = browser.find_element(By.ID, f"quantidade-{pao['id']}")
    # As a person types it: clear() would send a change of its own (quantity 0, the line removed).
    quantidade.send_keys(Keys.CONTROL, "a")
    quantidade.send_keys("3", Keys.TAB)
    esperar(browser, ec.text_to_be_present_in_element((By.ID, "total"), "R$ 1.258,20"))
    browser.refresh()  # the cart lives in the cart service, its id in the browser: a reload keeps it
    esperar_pronta(browser)
    assert texto(browser, "#total") == "R$ 1.258,20"
    pagina_acessivel(browser, "carrinho")

    abrir_pagina(browser, f"{gateway}/loja/checkout.html")
    browser.find_element(By.ID, "pagar").click()
    esperar(browser, ec.text_to_be_present_in_element((By.ID, "erro-email"), "e-mail válido"))
    assert "Informe seu nome." in texto(browser, "#erro-nome")
    assert browser.switch_to.active_element.get_attribute("id") == "nome"  # focus on the first wrong field
    pagina_acessivel(browser, "checkout-com-erros")
    preencher_checkout(browser)
    browser.find_element(By.ID, "pagar").click()

    assert desfecho(browser) == "CONFIRMADO"
    assert texto(browser, "#status") == "Confirmado"
    assert texto(browser, "#total") == "R$ 1.258,20"
    pagina_acessivel(browser, "pedido-confirmado")
    assert estoque(pao["id"]) == 7 and estoque(bolo["id"]) == 9


def test_the_filters_by_price_and_stock_narrow_the_list_and_a_sold_out_product_cannot_be_added(
    browser: webdriver.Chrome, gateway: str
) -> None:
    marca = uuid.uuid4().hex[:6]
    caro = produto_da_loja(f"Biscoito Amanteigado {marca}", estoque_inicial=5, preco="99.00")
    esgotado = produto_da_loja(f"Biscoito Recheado {marca}", estoque_inicial=0, preco="5.00")

    def listados() -> list[str]:
        esperar_pronta(browser)
        cartoes = browser.find_elements(By.CSS_SELECTOR, "#produtos li.produto")
        return [str(c.get_attribute("data-produto")) for c in cartoes]

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


def test_a_declined_card_cancels_the_order_and_says_that_nothing_was_charged(
    browser: webdriver.Chrome, gateway: str
) -> None:
    produto = produto_da_loja(f"Torta Recusada {uuid.uuid4().hex[:6]}", estoque_inicial=4)
    no_carrinho(browser, gateway, produto["id"])

    pagar(browser, gateway, cartao="4000000000000002")

    assert desfecho(browser) == "CANCELADO"
    assert "pagamento foi recusado" in texto(browser, "#explicacao")
    assert "Nada foi cobrado" in texto(browser, "#explicacao")
    pagina_acessivel(browser, "pedido-recusado")
    eventually(lambda: estoque(produto["id"]) == 4, timeout_s=30, what="the reservation released")


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


def test_two_browsers_racing_for_the_last_unit_one_is_confirmed_and_the_other_told_someone_took_it(
    browser: webdriver.Chrome, gateway: str
) -> None:
    produto = produto_da_loja(f"Última Fatia {uuid.uuid4().hex[:6]}", estoque_inicial=1)
    outro = navegador.abrir()
    try:
        for driver in (browser, outro):
            no_carrinho(driver, gateway, produto["id"])
            abrir_pagina(driver, f"{gateway}/loja/checkout.html")
            preencher_checkout(driver)
        # Both checkouts in flight at once: a click only starts the page's request.
        browser.find_element(By.ID, "pagar").click()
        outro.find_element(By.ID, "pagar").click()

        desfechos = sorted([desfecho(browser), desfecho(outro)])
        perdedor = browser if status_do_pedido(browser) == "CANCELADO" else outro
        explicacao = texto(perdedor, "#explicacao")
        if desfechos == ["CANCELADO", "CONFIRMADO"]:
            fotografar(perdedor, "pedido-sem-estoque")
    finally:
        outro.quit()

    assert desfechos == ["CANCELADO", "CONFIRMADO"]
    assert "outra pessoa levou as últimas unidades" in explicacao
    assert estoque(produto["id"]) == 0


def test_a_logged_in_customer_sees_their_orders_and_cancels_one_while_it_is_allowed(
    browser: webdriver.Chrome, gateway: str
) -> None:
    produto = produto_da_loja(f"Brigadeiro Gourmet {uuid.uuid4().hex[:6]}", estoque_inicial=5)
    abrir_pagina(browser, f"{gateway}/loja/conta.html")
    browser.find_element(By.ID, "botao-cadastrar").click()
    assert "10 caracteres" in texto(browser, "#erro-cadastro-senha")
    pagina_acessivel(browser, "conta-entrar")
    browser.find_element(By.ID, "cadastro-nome").send_keys("Joana Cliente")
    browser.find_element(By.ID, "cadastro-email").send_keys(f"joana-{uuid.uuid4().hex[:10]}@example.com")
    browser.find_element(By.ID, "cadastro-senha").send_keys("uma-senha-bem-longa")
    browser.find_element(By.ID, "botao-cadastrar").click()
    esperar(browser, ec.visibility_of_element_located((By.ID, "dentro")))
    assert texto(browser, "#nome-cliente") == "Joana Cliente"

    no_carrinho(browser, gateway, produto["id"], quantidade=2)
    pagar(browser, gateway)
    assert desfecho(browser) == "CONFIRMADO"
    pedido_id = texto(browser, "#numero")

    browser.find_element(By.ID, "cancelar").click()
    esperar(browser, lambda d: status_do_pedido(d) == "CANCELADO")
    assert "Você cancelou este pedido" in texto(browser, "#explicacao")
    assert not browser.find_element(By.ID, "cancelar").is_displayed()
    eventually(lambda: estoque(produto["id"]) == 5, timeout_s=30, what="the units back in stock")

    abrir_pagina(browser, f"{gateway}/loja/conta.html")
    linha = browser.find_element(By.CSS_SELECTOR, f'#meus-pedidos tr[data-pedido="{pedido_id}"]')
    assert linha.find_element(By.CSS_SELECTOR, ".status-do-pedido").text == "Cancelado"
    pagina_acessivel(browser, "conta-pedidos")


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
        abrir_pagina(browser, f"{gateway}/?pagina=2")
        assert browser.find_elements(By.CSS_SELECTOR, "#produtos li.produto")
        assert texto(browser, "#pagina-atual").startswith("Página 2 de ")
        assert texto(browser, "#aviso") == ""
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
    focados = []
    for _ in range(12):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        focados.append(browser.switch_to.active_element.get_attribute("id"))
        if focados[-1] == "botao-adicionar":
            break
    browser.switch_to.active_element.send_keys(Keys.ENTER)

    assert focados[-2:] == ["quantidade", "botao-adicionar"]
    esperar(browser, ec.text_to_be_present_in_element((By.ID, "aviso"), "foi para o carrinho"))
    assert texto(browser, "#itens-no-carrinho") == "1"


def test_the_first_catalogue_page_is_drawn_within_a_second_from_this_origin_only(
    browser: webdriver.Chrome, gateway: str
) -> None:
    # The first visit of a fresh browser counts too: nothing of the shop is in its cache yet.
    tempos = []
    for _ in range(4):
        abrir_pagina(browser, f"{gateway}/")
        tempos.append(int(browser.find_element(By.TAG_NAME, "body").get_attribute("data-pronta") or 0))
    origens = browser.execute_script(
        "return performance.getEntriesByType('resource').map(r => new URL(r.name).origin)"
    )

    assert min(tempos) > 0 and max(tempos) < 1000, tempos
    assert set(origens) == {gateway}


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
    assert "<script>" not in inicio.text  # no inline script: the CSP would refuse it
    assert modulo.headers["Content-Type"].startswith("text/javascript")
    for resposta in (sem_arquivo, fora):
        assert resposta.status_code == 404
        assert resposta.json()["error"]["code"] == "ROTA_NAO_ENCONTRADA"
