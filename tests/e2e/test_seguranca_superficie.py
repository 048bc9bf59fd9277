"""The stack's surface: production mode, Redis users, PostgreSQL roles, ports, headers, CORS, login limit."""

from __future__ import annotations

import json
import subprocess
import uuid
from collections.abc import Iterator

import pytest
import requests

from ferramentas.docker import DockerError
from tests.support import compose
from tests.support.api_client import adicionar, dados_de_checkout, nova_sessao, novo_produto, staff
from tests.support.docker import POSTGRES_IMAGE, REDIS_IMAGE, docker
from tests.support.eventually import eventually

APPS = ("catalogo", "catalogo-replica", "carrinho", "pedidos", "events")
WORKERS = ("catalogo-worker", "carrinho-worker", "pedidos-worker", "events-worker")
REDIS = ("event-bus", "carrinho-redis")
# Each service's own port, as the gateway listens on it, and the variable that moves it on the host.
PORTAS = {
    "5001": "CATALOGO_PORT",
    "5011": "CATALOGO_REPLICA_PORT",
    "5002": "CARRINHO_PORT",
    "5003": "PEDIDOS_PORT",
    "5004": "EVENTS_PORT",
}
CABECALHOS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
ORIGEM_ESTRANHA = "https://atacante.example"


def python_em(servico: str, script: str, *args: str) -> object:
    """Run a Python script in a service's container (with its environment); the JSON it printed."""
    saida = compose.compose("exec", "-T", servico, "python", "-c", script, *args).stdout
    return json.loads(saida.strip().splitlines()[-1])


def redis_admin(servico: str, *comando: str) -> str:
    return compose.compose("exec", "-T", servico, "redis-admin", *comando).stdout.strip()


@pytest.fixture(scope="module", autouse=True)
def acl_log_limpo(stack: None) -> Iterator[None]:
    """The refusals this module provokes on purpose are cleared afterwards (a rerun starts clean)."""
    yield
    for servico in REDIS:
        redis_admin(servico, "ACL", "LOG", "RESET")


# --- Redis: users and least privilege -------------------------------------------------------------

COMANDOS_DO_USUARIO = r"""
import json, os, sys
import redis
url = os.environ[sys.argv[1]]
cliente = redis.Redis.from_url(url, decode_responses=True)
resultados = {}
for comando in json.loads(sys.argv[2]):
    try:
        resultados[" ".join(comando)] = repr(cliente.execute_command(*comando))
    except redis.exceptions.NoPermissionError:
        resultados[" ".join(comando)] = "NOPERM"
    except redis.exceptions.ResponseError as exc:
        resultados[" ".join(comando)] = f"erro: {exc}"
print(json.dumps(resultados))
"""


def como_usuario(servico: str, variavel: str, *comandos: tuple[str, ...]) -> dict[str, str]:
    """Run Redis commands as the service's own user (the URL in its environment); NOPERM when refused."""
    resultado = python_em(servico, COMANDOS_DO_USUARIO, variavel, json.dumps(comandos))
    assert isinstance(resultado, dict)
    return resultado


def test_no_service_was_refused_a_command_by_the_redis_users_along_a_whole_checkout(gateway: str) -> None:
    # Every part of the flow, with each service as its own Redis user: a catalog write (outbox
    # relay), a cart (its Lua scripts, its relay to the bus), a checkout (the saga's consumers),
    # the events store and its views (stream health, dead letters, fault toggles).
    produto = novo_produto(estoque=5)
    session_id = nova_sessao()
    assert adicionar(session_id, produto["id"], 1).status_code == 200
    pedido = requests.post(
        f"{gateway}/api/carrinho/{session_id}/checkout",
        json=dados_de_checkout(),
        headers={"Prefer": "wait=30"},
        timeout=60,
    )
    assert pedido.json()["data"]["status"] == "CONFIRMADO", pedido.text
    for caminho in ("/api/eventos/stats", "/api/eventos/dlq", "/api/falhas"):
        assert requests.get(f"{gateway}{caminho}", headers=staff(), timeout=10).status_code == 200
    eventually(
        lambda: compose.psql(
            "events-db", "events", f"SELECT count(*) FROM eventos WHERE agregado_id = '{session_id}'"
        )
        not in ("", "0"),
        what="the cart's events stored by the events worker",
    )

    for servico in REDIS:
        assert redis_admin(servico, "ACL", "LOG") == "", f"{servico} refused a service's command"


@pytest.mark.parametrize("servico", REDIS)
def test_redis_refuses_an_anonymous_client_from_the_network(stack: None, servico: str) -> None:
    script = f"""
import json, redis
try:
    redis.Redis(host={servico!r}).set("forjado", "1")
    print(json.dumps("gravou"))
except redis.exceptions.AuthenticationError as exc:
    print(json.dumps(str(exc)))
"""
    assert "Authentication required" in str(python_em("events", script))
    assert redis_admin(servico, "CONFIG", "GET", "protected-mode").split() == ["protected-mode", "yes"]


def test_a_bus_user_cannot_flush_configure_or_write_outside_its_keys(stack: None) -> None:
    resultados = como_usuario(
        "catalogo",
        "EVENT_BUS_URL",
        ("FLUSHALL",),
        ("CONFIG", "GET", "*"),
        ("KEYS", "*"),
        ("SET", "forjado", "1"),
        ("DEL", "confeitaria.eventos"),
        ("XTRIM", "confeitaria.eventos", "MAXLEN", "0"),
        ("HSET", "confeitaria:falhas:pedidos", "taxa_erro", "1"),
        ("HSET", "confeitaria.eventos:erros:pedidos", "1-1", "x"),
        ("PING",),
    )

    assert resultados.pop("PING") == "True"
    assert set(resultados.values()) == {"NOPERM"}, resultados


def test_the_carts_bus_user_relays_cart_events_but_cannot_issue_revocations_or_toggle_faults(
    stack: None,
) -> None:
    # The cart's worker is the relay of the cart's own events: it may XADD to the shared stream
    # (asked without writing one: ACL DRYRUN), and only read the token revocations.
    relay = redis_admin(
        "event-bus", "ACL", "DRYRUN", "carrinho", "XADD", "confeitaria.eventos", "*", "a", "b"
    )
    resultados = como_usuario(
        "carrinho",
        "EVENT_BUS_URL",
        ("GET", "auth:revogado:teste"),
        ("SET", "auth:revogado:teste", "1"),
        ("HSET", "confeitaria:falhas:catalogo", "taxa_erro", "1"),
        ("XTRIM", "confeitaria.eventos", "MAXLEN", "0"),
    )

    assert relay == "OK"
    assert resultados["GET auth:revogado:teste"] == "None"
    assert resultados["SET auth:revogado:teste 1"] == "NOPERM"
    assert resultados["HSET confeitaria:falhas:catalogo taxa_erro 1"] == "NOPERM"
    assert resultados["XTRIM confeitaria.eventos MAXLEN 0"] == "NOPERM"


def test_the_carts_redis_user_reaches_only_the_carts_keys(stack: None) -> None:
    resultados = como_usuario(
        "carrinho",
        "REDIS_URL",
        ("SET", "outra:chave", "1"),
        ("FLUSHALL",),
        ("SCRIPT", "FLUSH"),
        ("EXISTS", "carrinho:nao-existe"),
    )

    assert resultados.pop("EXISTS carrinho:nao-existe") == "0"
    assert set(resultados.values()) == {"NOPERM"}, resultados


@pytest.mark.parametrize("servico", REDIS)
def test_the_healthcheck_user_may_only_ping(stack: None, servico: str) -> None:
    assert redis_admin(servico, "ACL", "DRYRUN", "healthcheck", "PING") == "OK"
    assert "no permissions" in redis_admin(servico, "ACL", "DRYRUN", "healthcheck", "GET", "x")


# --- PostgreSQL: one role per app ----------------------------------------------------------------

QUEM_SOU = r"""
import json, os, sys
import sqlalchemy as sa
engine = sa.create_engine(os.environ[sys.argv[1]])
with engine.connect() as conn:
    linha = conn.execute(sa.text(
        "SELECT current_user, rolsuper, rolcreaterole, rolcreatedb, "
        "(SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> current_user) "
        "FROM pg_roles WHERE rolname = current_user"
    )).one()
print(json.dumps(list(linha)))
"""


@pytest.mark.parametrize(
    ("servico", "variavel", "papel"),
    [
        ("catalogo", "DATABASE_URL", "catalogo"),
        ("catalogo", "DATABASE_REPLICA_URL", "catalogo"),
        ("catalogo-worker", "DATABASE_URL", "catalogo"),
        ("pedidos", "DATABASE_URL", "pedidos"),
        ("pedidos-worker", "DATABASE_URL", "pedidos"),
        ("events", "DATABASE_URL", "events"),
        ("events-worker", "DATABASE_URL", "events"),
    ],
)
def test_every_app_connects_as_its_own_role_owning_its_tables_and_nothing_more(
    stack: None, servico: str, variavel: str, papel: str
) -> None:
    assert python_em(servico, QUEM_SOU, variavel) == [papel, False, False, False, 0]


ENTRAR_COMO = r"""
import json, sys
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError
try:
    sa.create_engine(sys.argv[1]).connect().close()
    print(json.dumps("entrou"))
except OperationalError as exc:
    print(json.dumps(str(exc.orig)))
"""


def test_the_superuser_has_no_network_login_and_an_app_role_no_other_database(stack: None) -> None:
    superusuario = python_em(
        "catalogo", ENTRAR_COMO, "postgresql+psycopg2://confeitaria:confeitaria@catalogo-db:5432/catalogo"
    )
    outro_banco = python_em(
        "pedidos", ENTRAR_COMO, "postgresql+psycopg2://pedidos:lab-pedidos-db@pedidos-db:5432/postgres"
    )

    assert "no pg_hba.conf entry for host" in str(superusuario)
    assert "permission denied for database" in str(outro_banco)


# --- Production mode ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("servico", "variavel"),
    [
        ("catalogo", "AUTH_SECRET"),
        ("catalogo-worker", "DATABASE_URL"),
        ("carrinho", "REDIS_URL"),
        ("carrinho-worker", "EVENT_BUS_URL"),
        ("pedidos", "STAFF_SENHA_HASH"),
        ("pedidos-worker", "DATABASE_URL"),
        ("events", "AUTH_SECRET"),
        ("events-worker", "EVENT_BUS_URL"),
    ],
)
def test_production_mode_stops_every_app_and_worker_with_the_lab_defaults_naming_the_variable(
    stack: None, servico: str, variavel: str
) -> None:
    args = ("run", "--rm", "--no-deps", "-T", "-e", "CONFEITARIA_MODO=producao", servico)
    resultado = compose.compose(*args, check=False, timeout=120)
    saida = resultado.stdout + resultado.stderr

    assert resultado.returncode != 0
    assert "CONFEITARIA_MODO=producao refuses to start" in saida
    assert f"{variavel}: is " in saida


@pytest.mark.parametrize(
    ("imagem", "ambiente", "variavel"),
    [
        (
            POSTGRES_IMAGE,
            {"POSTGRES_USER": "x", "POSTGRES_DB": "x", "POSTGRES_APP_USER": "app"}
            | {"POSTGRES_APP_PASSWORD": "lab-catalogo-db", "REPLICATION_PASSWORD": "r" * 20},
            "POSTGRES_APP_PASSWORD is a lab default",
        ),
        (
            REDIS_IMAGE,
            {
                "REDIS_ACL": "carrinho",
                "REDIS_PASSWORD_ADMIN": "a" * 20,
                "REDIS_PASSWORD_HEALTHCHECK": "h" * 20,
            }
            | {"REDIS_PASSWORD_CARRINHO": "curta"},
            "REDIS_PASSWORD_CARRINHO is shorter than 16 characters",
        ),
    ],
)
def test_production_mode_stops_the_stores_with_a_lab_default_or_short_password(
    stack: None, imagem: str, ambiente: dict[str, str], variavel: str
) -> None:
    # `docker run` on no volume: a store that wrongly started would touch no data of the stack.
    env = [arg for chave, valor in ambiente.items() for arg in ("-e", f"{chave}={valor}")]
    with pytest.raises(DockerError) as falha:
        docker("run", "--rm", "-e", "CONFEITARIA_MODO=producao", *env, imagem)

    assert variavel in falha.value.stdout


def test_lab_mode_says_in_every_app_and_worker_log_that_lab_defaults_are_in_use(stack: None) -> None:
    for servico in (*APPS, *WORKERS):
        avisos = [
            json.loads(linha.partition("| ")[2])
            for linha in compose.logs(servico).splitlines()
            if "LAB MODE" in linha
        ]
        assert avisos, f"{servico} logged no LAB MODE warning"
        assert {aviso["level"] for aviso in avisos} == {"WARNING"}


# --- Ports, headers, CORS -------------------------------------------------------------------------


@pytest.mark.parametrize("porta", PORTAS)
def test_every_service_port_is_published_by_the_gateway_on_the_loopback_only(stack: None, porta: str) -> None:
    publicada = compose.compose("port", "gateway", porta).stdout.split()

    assert publicada == [f"127.0.0.1:{compose.TEST_PORTS[PORTAS[porta]]}"]


def test_no_app_publishes_a_port_of_its_own_so_that_each_can_scale() -> None:
    config = subprocess.run(
        ["docker", "compose", "config", "--format", "json"],
        cwd=compose.REPO_ROOT,
        env=compose.compose_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    servicos = json.loads(config)["services"]

    assert [nome for nome, servico in servicos.items() if servico.get("ports") and nome != "gateway"] == []


def test_the_lab_gateway_answers_this_machine_only_unless_gateway_bind_opens_it(stack: None) -> None:
    publicada = compose.compose("port", "gateway", "80").stdout.split()
    aberta = subprocess.run(
        ["docker", "compose", "-p", compose.PROJECT, "config", "--format", "json"],
        cwd=compose.REPO_ROOT,
        env={**compose.compose_env(), "GATEWAY_BIND": "0.0.0.0"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert publicada == [f"127.0.0.1:{compose.TEST_PORTS['GATEWAY_PORT']}"]
    portas = {p["target"]: p["host_ip"] for p in json.loads(aberta)["services"]["gateway"]["ports"]}
    # GATEWAY_BIND opens the API only; the services' own ports stay on this machine.
    assert portas == {80: "0.0.0.0", **{int(porta): "127.0.0.1" for porta in PORTAS}}


@pytest.mark.parametrize(
    "caminho", ["/api/produtos/1", "/api/carrinho/nao-existe", "/nao/existe", "/health", "/admin/login"]
)
def test_every_gateway_answer_carries_each_security_header_once(gateway: str, caminho: str) -> None:
    response = requests.get(f"{gateway}{caminho}", timeout=10)

    for nome, valor in CABECALHOS.items():
        assert response.headers.get(nome) == valor, (nome, response.headers.get(nome))


@pytest.mark.parametrize("servico", PORTAS)
def test_every_service_answers_with_the_security_headers_on_its_own_port(stack: None, servico: str) -> None:
    response = requests.get(f"{compose.service_url(PORTAS[servico])}/health", timeout=10)

    for nome, valor in CABECALHOS.items():
        assert response.headers.get(nome) == valor


def test_swagger_ui_and_the_panels_login_page_still_render_their_html(gateway: str) -> None:
    # /api/docs redirects to /api/docs/: on the gateway's own address (the Host it was asked for).
    docs = requests.get(f"{gateway}/api/docs", timeout=10)
    login = requests.get(f"{gateway}/admin/login", timeout=10)

    assert docs.status_code == 200 and "<html" in docs.text.lower()
    assert login.status_code == 200 and 'id="usuario"' in login.text


def test_cors_answers_the_gateways_origin_and_never_a_foreign_one_even_from_the_micro_cache(
    gateway: str,
) -> None:
    # The same cacheable URL three times within the micro-cache's second: the copy cached for a
    # request without Origin must not answer the allowed origin, nor its copy the foreign one.
    url = f"{gateway}/api/produtos?busca={uuid.uuid4().hex}"
    sem_origem = requests.get(url, timeout=10)
    permitida = requests.get(url, headers={"Origin": gateway}, timeout=10)
    estranha = requests.get(url, headers={"Origin": ORIGEM_ESTRANHA}, timeout=10)
    preflight = requests.options(
        f"{gateway}/api/pedidos",
        headers={"Origin": ORIGEM_ESTRANHA, "Access-Control-Request-Method": "POST"},
        timeout=10,
    )

    assert "Access-Control-Allow-Origin" not in sem_origem.headers
    assert permitida.headers.get("Access-Control-Allow-Origin") == gateway
    assert "Access-Control-Allow-Origin" not in estranha.headers
    assert "Access-Control-Allow-Origin" not in preflight.headers


# --- Gateway routes and the login limit -----------------------------------------------------------


def test_the_customers_routes_reach_the_orders_service(gateway: str) -> None:
    response = requests.get(f"{gateway}/api/clientes/{uuid.uuid4().hex}", timeout=10)

    assert response.json()["error"]["code"] != "ROTA_NAO_ENCONTRADA"  # the orders service answered


# Each attempt for an account of its own: the per-account backoff of the services stays out of it.
TENTATIVAS = r"""
import json, sys, uuid, requests
respostas = []
for caminho, n in (("/api/auth/login", int(sys.argv[1])), ("/api/clientes/login", 1), ("/admin/login", 1)):
    for _ in range(n):
        conta = {"usuario": f"ataque-{uuid.uuid4().hex}", "senha": "errada"}
        r = requests.post(f"http://gateway{caminho}", json=conta, timeout=30)
        respostas.append([caminho, r.status_code, r.json() if r.status_code == 429 else None])
formulario = requests.get("http://gateway/admin/login", timeout=30).status_code
print(json.dumps({"respostas": respostas, "formulario": formulario}))
"""


def test_every_login_route_answers_429_in_the_envelope_past_the_login_limit(stack: None) -> None:
    # From inside the stack's network: the attempts count against that container's address, not
    # against the address the rest of the suite logs in from.
    burst = int(compose.compose_env().get("GATEWAY_LOGIN_RATE_BURST", "10"))
    resultado = python_em("events", TENTATIVAS, str(burst + 3))
    assert isinstance(resultado, dict)
    respostas = resultado["respostas"]

    recusadas = [r for r in respostas if r[1] == 429]
    assert recusadas, respostas
    assert {status for _, status, _ in respostas} <= {401, 429}
    assert recusadas[0][2]["error"]["code"] == "REQUISICOES_DEMAIS"
    # One limit for every login route, per address: the customers' and the panel's are refused too.
    assert [r[1] for r in respostas[-2:]] == [429, 429]
    assert resultado["formulario"] == 200  # opening the panel's login form is not an attempt
