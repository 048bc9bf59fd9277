"""The storefront's journeys, walked by customers in a real headless Chromium through the gateway:
a guest's purchase, a declined card, two browsers racing for the last unit, and a customer's account
(orders, cancelling, a new tab, a cart filled before logging in). The pages' single features are
in test_loja.py.
"""

from __future__ import annotations

import uuid

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec

from tests.support import navegador
from tests.support.api_client import estoque
from tests.support.eventually import eventually
from tests.support.loja import (
    SENHA,
    abrir_pagina,
    chamadas,
    criar_conta,
    desfecho,
    entrar,
    esperar,
    esperar_pronta,
    fotografar,
    meus_pedidos,
    no_carrinho,
    pagar,
    pagina_acessivel,
    preencher_checkout,
    produto_da_loja,
    registrar_chamadas,
    status_do_pedido,
    texto,
)


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
    browser.find_element(By.ID, "cadastro-senha").send_keys(SENHA)
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


def test_a_new_tab_without_the_login_shows_a_guests_cart_and_the_customers_cart_stays_in_every_tab(
    browser: webdriver.Chrome, gateway: str
) -> None:
    produto = produto_da_loja(f"Olho de Sogra {uuid.uuid4().hex[:6]}", estoque_inicial=5)
    email = criar_conta(browser, gateway)
    no_carrinho(browser, gateway, produto["id"], quantidade=2)
    primeira = browser.current_window_handle

    # A new tab typed by hand: localStorage is shared with the first, sessionStorage (the login) not.
    browser.switch_to.new_window("tab")
    abrir_pagina(browser, f"{gateway}/loja/carrinho.html")
    assert texto(browser, "#link-conta") == "Entrar"
    assert browser.find_element(By.ID, "vazio").is_displayed()  # a guest's cart, empty
    assert texto(browser, "#aviso") == ""
    assert texto(browser, "#itens-no-carrinho") == "0"

    # The guest tab's visit forgot nothing: the first tab still has the customer's cart.
    browser.switch_to.window(primeira)
    abrir_pagina(browser, f"{gateway}/loja/carrinho.html")
    assert browser.find_element(By.ID, f"quantidade-{produto['id']}").get_attribute("value") == "2"

    # Logging in in the second tab brings the same customer's cart there.
    segunda = next(aba for aba in browser.window_handles if aba != primeira)
    browser.switch_to.window(segunda)
    entrar(browser, gateway, email)
    abrir_pagina(browser, f"{gateway}/loja/carrinho.html")
    assert browser.find_element(By.ID, f"quantidade-{produto['id']}").get_attribute("value") == "2"
    assert texto(browser, "#itens-no-carrinho") == "2"


def test_a_cart_filled_as_a_guest_goes_with_the_customer_who_logs_in_and_its_order_is_theirs(
    browser: webdriver.Chrome, gateway: str
) -> None:
    marca = uuid.uuid4().hex[:6]
    brigadeiro = produto_da_loja(f"Brigadeiro de Colher {marca}", estoque_inicial=6, preco="4.00")
    beijinho = produto_da_loja(f"Beijinho de Coco {marca}", estoque_inicial=6, preco="3.50")
    email = criar_conta(browser, gateway)
    browser.find_element(By.ID, "sair").click()
    esperar(browser, ec.visibility_of_element_located((By.ID, "fora")))

    # Browsing and filling the cart as a guest, then "Entrar".
    no_carrinho(browser, gateway, brigadeiro["id"], quantidade=3)
    no_carrinho(browser, gateway, beijinho["id"], quantidade=1)
    entrar(browser, gateway, email)
    assert texto(browser, "#itens-no-carrinho") == "4"
    abrir_pagina(browser, f"{gateway}/loja/carrinho.html")
    assert browser.find_element(By.ID, f"quantidade-{brigadeiro['id']}").get_attribute("value") == "3"
    assert browser.find_element(By.ID, f"quantidade-{beijinho['id']}").get_attribute("value") == "1"
    assert texto(browser, "#total") == "R$ 15,50"

    pagar(browser, gateway)
    assert desfecho(browser) == "CONFIRMADO"
    pedido_id = texto(browser, "#numero")
    assert pedido_id in meus_pedidos(browser, gateway)
    # The guest's cart went away with the move: logged out, this browser's cart is empty.
    browser.find_element(By.ID, "sair").click()
    esperar(browser, ec.visibility_of_element_located((By.ID, "fora")))
    abrir_pagina(browser, f"{gateway}/loja/carrinho.html")
    assert browser.find_element(By.ID, "vazio").is_displayed()
    assert estoque(brigadeiro["id"]) == 3 and estoque(beijinho["id"]) == 5


def test_a_logged_in_customer_reads_the_catalogue_without_the_token_so_the_gateways_cache_answers(
    browser: webdriver.Chrome, gateway: str
) -> None:
    produto = produto_da_loja(f"Pé de Moleque {uuid.uuid4().hex[:6]}", estoque_inicial=5)
    criar_conta(browser, gateway)
    no_carrinho(browser, gateway, produto["id"])
    registrar_chamadas(browser)

    abrir_pagina(browser, f"{gateway}/")
    esperar(browser, lambda d: any(c.startswith("/api/carrinho/") for c, _ in chamadas(d)))
    todas = chamadas(browser)
    catalogo = [(c, com) for c, com in todas if c.startswith(("/api/produtos", "/api/categorias"))]
    carrinho = [(c, com) for c, com in todas if c.startswith("/api/carrinho")]

    # A request with a token always bypasses the micro-cache; the catalog's reads are the same for all.
    assert catalogo and not any(com for _, com in catalogo), catalogo
    assert carrinho and all(com for _, com in carrinho), carrinho  # the customer's cart needs it
