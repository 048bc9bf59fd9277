"""Dead letters: list them, send one or all back to the stream, and follow what became of each."""

from __future__ import annotations

from typing import Any

from confeitaria_shared.dominio import NaoEncontradoError

from ..dominio.cartas import Reprocessamento, carta, id_do_stream
from .portas import CartasMortas, UnidadeDeEventos

REPROCESSAR_NO_MAXIMO = 1000
# Only the events service's own group leaves a trace a re-sent event can be checked against.
GRUPO_DO_ARMAZEM = "events"


def listar_cartas(cartas: CartasMortas, limite: int) -> tuple[list[dict[str, Any]], int]:
    """The newest dead letters first, and how many there are."""
    return [carta(entry_id, campos) for entry_id, campos in cartas.recentes(limite)], cartas.quantas()


def reprocessar_carta(
    uow: UnidadeDeEventos, cartas: CartasMortas, dlq_id: str, usuario: str
) -> dict[str, Any]:
    """Send one dead letter back to the shared stream and record it; 404 when there is no such entry."""
    campos = cartas.obter(dlq_id)
    if campos is None:
        raise NaoEncontradoError("CARTA_NAO_ENCONTRADA", f"Não há carta morta {dlq_id}.", dlq_id=dlq_id)
    morta = carta(dlq_id, campos)
    # Every consumer is idempotent: the groups that handled the event skip it, the one that failed
    # tries again. The re-send and the removal from the dead letters are one Redis transaction.
    novo_id = cartas.reenviar(dlq_id, morta["entrada"])
    registro = uow.reprocessamentos.adicionar(Reprocessamento.da_carta(morta, novo_id, usuario))
    uow.commit()
    return registro.como_dict(situacao(uow, cartas, registro))


def reprocessar_todas(uow: UnidadeDeEventos, cartas: CartasMortas, usuario: str) -> list[dict[str, Any]]:
    """Send the oldest dead letters back (at most REPROCESSAR_NO_MAXIMO per call), each recorded at once."""
    # One commit per letter: each re-send is already out on the bus when the next one starts.
    entradas = cartas.antigas(REPROCESSAR_NO_MAXIMO)
    return [reprocessar_carta(uow, cartas, entry_id, usuario) for entry_id, _ in entradas]


def historico(uow: UnidadeDeEventos, cartas: CartasMortas, limite: int) -> list[dict[str, Any]]:
    """The latest reprocessings, newest first, each with what became of it."""
    registros = uow.reprocessamentos.ultimos(limite)
    # The dead letters are read once for the whole page, not once per record.
    mortos_de_novo = _ids_originais(cartas)
    return [r.como_dict(situacao(uow, cartas, r, mortos_de_novo)) for r in registros]


def _ids_originais(cartas: CartasMortas) -> set[str]:
    """The stream ids the current dead letters had (a re-sent entry that failed again is one)."""
    return {campos.get("dlq_original_id", "") for _, campos in cartas.recentes(REPROCESSAR_NO_MAXIMO)}


def situacao(
    uow: UnidadeDeEventos,
    cartas: CartasMortas,
    registro: Reprocessamento,
    mortos_de_novo: set[str] | None = None,
) -> str:
    """What became of a re-sent entry in the group that had failed it."""
    if registro.novo_id is None:
        return registro.resultado
    if registro.grupo == GRUPO_DO_ARMAZEM and registro.event_id and uow.eventos.guardado(registro.event_id):
        return "armazenado"
    if registro.novo_id in (mortos_de_novo if mortos_de_novo is not None else _ids_originais(cartas)):
        return "falhou_de_novo"
    ultimo = cartas.ultimo_entregue(registro.grupo)
    if ultimo is None:
        return "desconhecida"
    if id_do_stream(ultimo) < id_do_stream(registro.novo_id):
        return "aguardando"
    if cartas.pendente(registro.grupo, registro.novo_id):
        return "em_processamento"
    return "processado"
