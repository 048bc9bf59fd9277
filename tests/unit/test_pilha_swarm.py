"""The Swarm stack file: generated from docker-compose.yml and deploy/swarm.yml, and up to date."""

from __future__ import annotations

from typing import Any

import pytest

from ferramentas.swarm import gerador
from ferramentas.swarm.portas import portas_da_pilha
from ferramentas.swarm.segredos_no_ambiente import traduzir
from ferramentas.swarm.variaveis import para_a_pilha, resolvido


@pytest.fixture(scope="module")
def pilha() -> dict[str, Any]:
    return gerador.gerar(gerador.carregar(gerador.COMPOSE), gerador.carregar(gerador.SOBREPOSICAO))


def _compose(**servicos: dict[str, Any]) -> dict[str, Any]:
    return {"services": servicos}


def _sobreposicao(*nomes: str) -> dict[str, Any]:
    return {"services": {nome: {"deploy": {"replicas": 1}} for nome in nomes}}


def test_the_committed_stack_file_is_what_the_generator_writes_now() -> None:
    assert gerador.PILHA.read_text(encoding="utf-8") == gerador.gerado(), "run make swarm-gerar"


def test_the_stack_has_every_service_of_compose_but_those_behind_a_profile(pilha: dict[str, Any]) -> None:
    compose = gerador.carregar(gerador.COMPOSE)["services"]

    assert set(pilha["services"]) == {nome for nome, s in compose.items() if not s.get("profiles")}
    assert "loadgen" not in pilha["services"]


def test_no_lab_secret_and_nothing_swarm_refuses_is_left_in_the_stack_file() -> None:
    texto = gerador.PILHA.read_text(encoding="utf-8")

    for proibido in ("lab-", "pbkdf2", "pull_policy", "build:", "depends_on", "GATEWAY_BIND", "profiles"):
        assert proibido not in texto


def test_a_secret_variable_becomes_the_file_of_a_docker_secret() -> None:
    ambiente = traduzir(
        {"AUTH_SECRET": "${AUTH_SECRET:-lab-x}", "LOG_LEVEL": "${LOG_LEVEL:-INFO}"}, {"AUTH_SECRET"}
    )

    assert ambiente.variaveis == {
        "AUTH_SECRET_FILE": "/run/secrets/auth_secret",
        "LOG_LEVEL": "${LOG_LEVEL:-INFO}",
    }
    assert ambiente.segredos == ["auth_secret"]


def test_a_urls_inline_password_becomes_the_file_of_its_password() -> None:
    url = "redis://carrinho:${SENHA:-lab-senha}@carrinho-redis:6379/0"

    ambiente = traduzir({"REDIS_URL": url}, {"SENHA"})

    assert ambiente.variaveis == {
        "REDIS_URL": "redis://carrinho@carrinho-redis:6379/0",
        "REDIS_URL_PASSWORD_FILE": "/run/secrets/senha",
    }


def test_a_secret_anywhere_else_in_a_value_stops_the_generator() -> None:
    with pytest.raises(ValueError, match="no file form"):
        traduzir({"OPCOES": "--senha=${SENHA:-lab-senha} --verboso"}, {"SENHA"})


def test_a_variable_with_a_lab_default_is_a_secret_without_being_listed() -> None:
    compose = _compose(app={"image": "x", "environment": {"TOKEN": "${NOVO_TOKEN:-lab-token}"}})

    pilha = gerador.gerar(compose, _sobreposicao("app"))

    assert pilha["services"]["app"]["environment"] == {"TOKEN_FILE": "/run/secrets/novo_token"}
    assert pilha["secrets"]["novo_token"]["external"] is True


def test_nested_defaults_are_resolved_since_docker_stack_deploy_cannot_read_them() -> None:
    valor = "${CORS:-http://localhost:${PORTA:-8080},http://127.0.0.1:${PORTA:-8080}}"

    assert para_a_pilha(valor) == "${CORS:-http://localhost:8080,http://127.0.0.1:8080}"
    assert resolvido(valor) == "http://localhost:8080,http://127.0.0.1:8080"


def test_loopback_ports_are_not_published_and_the_front_door_is_published_on_the_node() -> None:
    portas = ["${GATEWAY_BIND:-127.0.0.1}:${GATEWAY_PORT:-8080}:80", "127.0.0.1:${CATALOGO_PORT:-5001}:5001"]

    assert portas_da_pilha(portas) == [
        {"target": 80, "published": "${GATEWAY_PORT:-8080}", "protocol": "tcp", "mode": "host"}
    ]


def test_a_compose_key_the_generator_has_no_rule_for_stops_it() -> None:
    compose = _compose(app={"image": "x", "cap_add": ["NET_ADMIN"]})

    with pytest.raises(ValueError, match="cap_add"):
        gerador.gerar(compose, _sobreposicao("app"))


def test_a_service_the_overlay_does_not_name_stops_the_generator() -> None:
    compose = _compose(app={"image": "x"}, novo={"image": "y"})

    with pytest.raises(ValueError, match=r"missing \['novo'\]"):
        gerador.gerar(compose, _sobreposicao("app"))


def test_every_store_is_pinned_to_a_labelled_node_and_stops_before_its_successor_starts(
    pilha: dict[str, Any],
) -> None:
    for nome, servico in pilha["services"].items():
        if not servico.get("volumes"):
            continue
        deploy = servico["deploy"]
        assert deploy["placement"]["constraints"] == [f"node.labels.confeitaria.{nome} == true"]
        assert deploy["update_config"]["order"] == "stop-first"


def test_every_app_and_worker_updates_start_first_and_rolls_back_on_failure(pilha: dict[str, Any]) -> None:
    for nome, servico in pilha["services"].items():
        if servico.get("volumes") or nome == "gateway":
            continue
        atualizacao = servico["deploy"]["update_config"]
        assert (atualizacao["order"], atualizacao["failure_action"]) == ("start-first", "rollback"), nome


def test_the_gateway_balances_over_the_tasks_of_each_pool(pilha: dict[str, Any]) -> None:
    upstreams = pilha["services"]["gateway"]["environment"]["GATEWAY_UPSTREAMS"]

    assert dict(par.split("=") for par in upstreams.split()) == {
        "catalogo": "tasks.catalogo",
        "catalogo-replica": "tasks.catalogo-replica",
        "carrinho": "tasks.carrinho",
        "pedidos": "tasks.pedidos",
        "events": "tasks.events",
    }


def test_the_catalog_runs_two_replicas_so_a_rolling_update_keeps_one_serving(pilha: dict[str, Any]) -> None:
    assert pilha["services"]["catalogo"]["deploy"]["replicas"] == 2
