"""The catalog's X-Catalogo-Leitura header: said only by answers that read, never carried over."""

from __future__ import annotations

from flask import Flask

from catalogo.adaptadores.origem_da_leitura import CABECALHO, anotar_leitura, dizer_de_onde_leu


def _app(somente_leitura: bool = False) -> Flask:
    app = Flask(__name__)
    app.after_request(dizer_de_onde_leu)

    @app.get("/leu/<origens>")
    def leu(origens: str) -> str:
        for origem in origens.split(","):
            anotar_leitura(origem == "standby", somente_leitura)
        return "ok"

    @app.get("/nada")
    def nada() -> str:
        return "ok"

    return app


def test_an_answer_that_read_only_the_primary_says_primario() -> None:
    assert _app().test_client().get("/leu/primario,primario").headers[CABECALHO] == "primario"


def test_one_read_from_the_standby_makes_the_whole_answer_say_standby() -> None:
    cliente = _app().test_client()

    assert cliente.get("/leu/primario,standby").headers[CABECALHO] == "standby"
    assert cliente.get("/leu/standby,primario").headers[CABECALHO] == "standby"


def test_the_next_request_on_the_same_thread_does_not_inherit_the_standby() -> None:
    cliente = _app().test_client()
    cliente.get("/leu/standby")

    assert cliente.get("/leu/primario").headers[CABECALHO] == "primario"
    assert CABECALHO not in cliente.get("/nada").headers


def test_the_read_only_app_says_standby_for_its_own_database() -> None:
    assert _app(somente_leitura=True).test_client().get("/leu/primario").headers[CABECALHO] == "standby"


def test_a_read_outside_a_request_notes_nothing() -> None:
    anotar_leitura(True)  # a worker or the CLI: no app context, no error
