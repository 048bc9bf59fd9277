"""The `ferramentas` profile: pgAdmin and Redis Commander beside the stack, on this machine only."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator

import pytest
import requests
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from ferramentas.docker import DockerError
from tests.support import compose, navegador
from tests.support.docker import docker

FERRAMENTAS = ("pgadmin", "redis-commander")
PGADMIN_LOGIN = ("admin@example.com", "lab-pgadmin")
REDIS_COMMANDER_LOGIN = ("admin", "lab-redis-commander")
PORTAS = {"pgadmin": "PGADMIN_PORT", "redis-commander": "REDIS_COMMANDER_PORT"}
SERVIDORES = ("catalogo-db", "catalogo-db-replica", "pedidos-db", "events-db")
_TAG = os.environ.get("CONFEITARIA_TAG", "dev")


@pytest.fixture(scope="module")
def ferramentas(stack: None) -> Iterator[None]:
    """The profile's tools on the test stack, removed at the end (the stack is shared)."""
    subir = ("--profile", "ferramentas", "up", "-d", "--build", "--wait", "--wait-timeout", "240")
    resultado = compose.compose(*subir, *FERRAMENTAS, check=False, timeout=900)
    if resultado.returncode != 0:
        logs = compose.logs(*FERRAMENTAS)
        raise RuntimeError(f"the tools did not become healthy:\n{resultado.stderr[-3000:]}\n{logs[-4000:]}")
    yield
    compose.compose("--profile", "ferramentas", "rm", "-s", "-f", *FERRAMENTAS, check=False)


@pytest.fixture
def browser(ferramentas: None) -> Iterator[webdriver.Chrome]:
    """A browser of each test's own: Redis Commander's tree did not load after pgAdmin's pages."""
    driver = navegador.abrir()
    yield driver
    driver.quit()


def pgadmin() -> str:
    """pgAdmin's base URL on the test stack."""
    return compose.service_url("PGADMIN_PORT")


def redis_commander() -> str:
    """Redis Commander's base URL on the test stack."""
    return compose.service_url("REDIS_COMMANDER_PORT")


def rotulos(driver: webdriver.Chrome, rotulo: str) -> int:
    """How many nodes of pgAdmin's object explorer are labelled `rotulo`."""
    return len(driver.find_elements(By.XPATH, f"//span[@class='file-name'][.='{rotulo}']"))


def abrir_ate(driver: webdriver.Chrome, rotulo: str, aberto: Callable[[webdriver.Chrome], bool]) -> None:
    """Double-click the node labelled `rotulo` until `aberto` holds, 3 s apart (the tree redraws as
    it loads, and a double-click on a node still loading is lost)."""

    def abrir(d: webdriver.Chrome) -> bool:
        if aberto(d):
            return True
        no = d.find_element(By.XPATH, f"//span[@class='file-name'][.='{rotulo}']")
        ActionChains(d).double_click(no).perform()
        return False

    ignoradas = (NoSuchElementException, StaleElementReferenceException)
    WebDriverWait(driver, 60, poll_frequency=3, ignored_exceptions=ignoradas).until(abrir)


def entrar_no_pgadmin(driver: webdriver.Chrome) -> None:
    driver.get(f"{pgadmin()}/")
    email, senha = PGADMIN_LOGIN
    navegador.esperar(driver, ec.presence_of_element_located((By.NAME, "email")), 30).send_keys(email)
    driver.find_element(By.NAME, "password").send_keys(senha)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    navegador.esperar(driver, ec.url_contains("/browser/"), 30)


def test_pgadmin_sends_a_visitor_without_a_login_to_its_login_page(ferramentas: None) -> None:
    resposta = requests.get(f"{pgadmin()}/browser/", allow_redirects=False, timeout=10)

    assert resposta.status_code == 302
    assert "/login" in resposta.headers["Location"]


def test_redis_commander_refuses_its_data_without_a_login_and_a_wrong_password(ferramentas: None) -> None:
    sem_login = requests.get(f"{redis_commander()}/connections", timeout=10)
    errada = requests.post(
        f"{redis_commander()}/signin", json={"username": "admin", "password": "errada"}, timeout=10
    )

    assert sem_login.status_code == 401
    assert errada.json() == {"ok": False}


def test_pgadmin_lists_every_database_of_the_stack_and_connects_to_each_without_asking_a_password(
    browser: webdriver.Chrome,
) -> None:
    entrar_no_pgadmin(browser)
    abrir_ate(browser, "Confeitaria", lambda d: all(rotulos(d, s) for s in SERVIDORES))

    for conectados, servidor in enumerate(SERVIDORES, start=1):
        # A connected server shows its Databases node; a password prompt would leave it closed.
        abrir_ate(browser, servidor, lambda d, n=conectados: rotulos(d, "Databases") == n)  # type: ignore[misc]


def test_redis_commander_logs_in_and_shows_the_carts_redis_and_the_event_bus_with_its_stream(
    browser: webdriver.Chrome,
) -> None:
    browser.get(f"{redis_commander()}/")
    usuario, senha = REDIS_COMMANDER_LOGIN
    navegador.esperar(browser, ec.visibility_of_element_located((By.ID, "signinUsername")), 30).send_keys(
        usuario
    )
    browser.find_element(By.ID, "signinPassword").send_keys(senha)
    browser.find_element(By.ID, "signinButton").click()

    for conexao in ("carrinho-redis (carrinho-redis:6379:0)", "event-bus (event-bus:6379:0)"):
        navegador.esperar(browser, ec.text_to_be_present_in_element((By.ID, "keyTree"), conexao), 30)
    # The bus's stream, read through Redis Commander's own console: it logged in to the bus as its
    # admin user. (Opening the tree's node by double-click was lost now and then while it loaded.)
    assert console_do_redis_commander("event-bus", "TYPE confeitaria.eventos") == {"data": "stream"}


def entrar_no_redis_commander() -> dict[str, str]:
    """Log in to Redis Commander's API as the lab user; the header its data calls then need."""
    usuario, senha = REDIS_COMMANDER_LOGIN
    resposta = requests.post(
        f"{redis_commander()}/signin", json={"username": usuario, "password": senha}, timeout=10
    )
    corpo = resposta.json()
    assert corpo["ok"] is True, corpo
    return {"Authorization": f"Bearer {corpo['bearerToken']}"}


def conexao_do_redis_commander(redis: str, login: dict[str, str]) -> str:
    """The id Redis Commander gives its connection to one of the stack's Redis."""
    conexoes = requests.get(f"{redis_commander()}/connections", headers=login, timeout=10).json()
    return str(next(c["conId"] for c in conexoes["connections"] if c["label"] == redis))


def console_do_redis_commander(redis: str, comando: str) -> object:
    """What Redis Commander's console answers to one command (0.9.0: POST /apiv2/exec/<connection>)."""
    login = entrar_no_redis_commander()
    url = f"{redis_commander()}/apiv2/exec/{conexao_do_redis_commander(redis, login)}"
    return requests.post(url, json={"cmd": comando}, headers=login, timeout=10).json()


@pytest.mark.parametrize("redis", ["carrinho-redis", "event-bus"])
def test_redis_commander_is_read_only_by_default_so_a_write_is_refused_and_never_reaches_redis(
    ferramentas: None, redis: str
) -> None:
    # It logs in to each Redis as its admin user, who may write anything: read-only is the guard.
    chave = "redis-commander:teste-somente-leitura"
    login = entrar_no_redis_commander()

    # Its console runs read commands only; its write routes, such as saving a key, answer 403.
    lida = console_do_redis_commander(redis, f"EXISTS {chave}")
    escrita = console_do_redis_commander(redis, f"SET {chave} y")
    valor = {"stringValue": "y", "keyType": "string"}
    url = f"{redis_commander()}/apiv2/key/{conexao_do_redis_commander(redis, login)}/{chave}"
    gravar = requests.post(url, json=valor, headers=login, timeout=10)

    assert lida == {"data": 0}
    assert escrita == {"data": "ERROR: Command not read-only"}
    assert gravar.status_code == 403
    assert gravar.json() == {"status": "FAIL", "message": "read-only mode"}
    assert compose.compose("exec", "-T", redis, "redis-admin", "EXISTS", chave).stdout.strip() == "0"


@pytest.mark.parametrize(("servico", "porta"), [("pgadmin", "5050"), ("redis-commander", "8081")])
def test_each_tool_is_published_on_the_loopback_only(ferramentas: None, servico: str, porta: str) -> None:
    publicada = compose.compose("port", servico, porta).stdout.split()

    assert publicada == [f"127.0.0.1:{compose.TEST_PORTS[PORTAS[servico]]}"]


def make(alvo: str, args: str) -> str:
    """`make <alvo> ARGS=...` against the test stack, as an operator without a terminal runs it."""
    saida = subprocess.run(
        ["make", "-s", alvo, f"ARGS={args}"],
        cwd=compose.REPO_ROOT,
        env={**compose.compose_env(), "COMPOSE_PROJECT_NAME": compose.PROJECT},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return saida.stdout.strip()


@pytest.mark.parametrize(
    ("alvo", "esperado"),
    [
        ("psql-catalogo", "catalogo|catalogo|f"),
        ("psql-catalogo-replica", "catalogo|catalogo|t"),
        ("psql-pedidos", "pedidos|pedidos|f"),
        ("psql-events", "events|events|f"),
    ],
)
def test_make_psql_opens_each_database_as_the_role_owning_it(stack: None, alvo: str, esperado: str) -> None:
    consulta = "-Atc 'select current_user, current_database(), pg_is_in_recovery()'"

    assert make(alvo, consulta) == esperado


@pytest.mark.parametrize("alvo", ["redis-carrinho", "redis-bus"])
def test_make_redis_opens_redis_cli_on_each_redis_as_its_admin_user(stack: None, alvo: str) -> None:
    assert make(alvo, "ACL WHOAMI") == "admin"


@pytest.mark.parametrize(
    ("imagem", "ambiente", "variavel"),
    [
        (
            "pgadmin",
            {"PGADMIN_EMAIL": PGADMIN_LOGIN[0], "PGADMIN_PASSWORD": "lab-pgadmin"},
            "PGADMIN_PASSWORD",
        ),
        ("pgadmin", {"PGADMIN_EMAIL": PGADMIN_LOGIN[0], "PGADMIN_PASSWORD": "curta"}, "PGADMIN_PASSWORD"),
        (
            "redis-commander",
            {"REDIS_COMMANDER_USER": "admin", "REDIS_COMMANDER_PASSWORD": "lab-redis-commander"},
            "REDIS_COMMANDER_PASSWORD",
        ),
    ],
)
def test_production_mode_stops_a_tool_with_a_lab_default_or_short_login_password(
    ferramentas: None, imagem: str, ambiente: dict[str, str], variavel: str
) -> None:
    env = [arg for chave, valor in ambiente.items() for arg in ("-e", f"{chave}={valor}")]
    with pytest.raises(DockerError) as falha:
        docker("run", "--rm", "-e", "CONFEITARIA_MODO=producao", *env, f"confeitaria/{imagem}:{_TAG}")

    assert f"CONFEITARIA_MODO=producao refuses to start: {variavel}" in falha.value.stdout
