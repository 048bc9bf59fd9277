"""What must hold after every drill, checked through the public API once the stack settles."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import requests

from ferramentas.pilha import Pilha

from .carga import Resposta

FINAIS = frozenset({"CONFIRMADO", "CANCELADO"})
# The catalog's answers to an order, kept in the order's history but published by the catalog.
NAO_PUBLICADOS_PELOS_PEDIDOS = frozenset({"EstoqueReservado", "EstoqueInsuficiente"})


@dataclass(frozen=True)
class Invariante:
    """One checked property: its name, whether it held, and the figures behind it."""

    nome: str
    ok: bool
    detalhe: str


def _ate(condicao: Callable[[], bool], timeout_s: float, intervalo_s: float = 1.0) -> bool:
    fim = time.monotonic() + timeout_s
    while True:
        try:
            if condicao():
                return True
        except (OSError, ValueError, KeyError):
            pass  # the stack is still settling: ask again
        if time.monotonic() > fim:
            return False
        time.sleep(intervalo_s)


def reenviar(pilha: Pilha, pedidos: dict[str, dict[str, object]], timeout_s: float = 60) -> list[str]:
    """Send again, with the same Idempotency-Key, each checkout that got no clear answer.

    A 5xx may come after the order was committed (the database died before the answer): the key
    makes the retry return that order instead of creating a second one.
    """
    encontrados: dict[str, str] = {}

    def todos() -> bool:
        for chave, corpo in pedidos.items():
            if chave in encontrados:
                continue
            resposta = requests.post(
                f"{pilha.gateway}/api/pedidos", json=corpo, headers={"Idempotency-Key": chave}, timeout=15
            )
            if resposta.status_code in (200, 201, 202):
                encontrados[chave] = resposta.json()["data"]["id"]
            elif resposta.status_code < 500:
                encontrados[chave] = ""  # refused on its merits: no order
        return len(encontrados) == len(pedidos)

    _ate(todos, timeout_s)
    return [pedido_id for pedido_id in encontrados.values() if pedido_id]


def verificar(
    pilha: Pilha,
    produto_id: int,
    estoque_inicial: int,
    respostas: list[Resposta],
    sem_resposta_clara: dict[str, dict[str, object]],
    timeout_s: float = 150,
    medidas: dict[str, float] | None = None,
) -> list[Invariante]:
    """Check every invariant; waits up to timeout_s for the sagas to finish.

    `medidas["todos_finais"]` gets the monotonic time at which every order was final.
    """
    recuperados = reenviar(pilha, sem_resposta_clara)
    aceitos = [r.pedido_id for r in respostas if r.pedido_id] + recuperados
    status: dict[str, str] = {}

    def existem() -> bool:
        return all(pilha.get(f"/api/pedidos/{p}").status_code == 200 for p in aceitos)

    def finais() -> bool:
        for pedido_id in aceitos:
            if status.get(pedido_id) not in FINAIS:
                status[pedido_id] = pilha.get(f"/api/pedidos/{pedido_id}").json()["data"]["status"]
        return all(s in FINAIS for s in status.values()) and len(status) == len(aceitos)

    resultados = [
        Invariante(
            "nenhum pedido aceito se perdeu", _ate(existem, timeout_s), f"{len(aceitos)} pedidos aceitos"
        ),
    ]
    terminou = _ate(finais, timeout_s, intervalo_s=0.5)
    if medidas is not None:
        medidas["todos_finais"] = time.monotonic()
    contagem = Counter(status.values())
    resultados.append(Invariante("todo pedido termina CONFIRMADO ou CANCELADO", terminou, _resumo(contagem)))
    confirmados = contagem["CONFIRMADO"]
    estoque: dict[str, int] = {}

    def estoque_certo() -> bool:
        estoque["agora"] = int(pilha.get(f"/api/produtos/{produto_id}/estoque").json()["data"]["estoque"])
        return estoque["agora"] == estoque_inicial - confirmados

    certo = _ate(estoque_certo, 30)
    esperado = estoque_inicial - confirmados
    resultados.append(
        Invariante(
            "estoque = inicial − confirmados, nunca negativo",
            certo and estoque.get("agora", -1) >= 0,
            f"{estoque_inicial} − {confirmados} = {esperado}; agora {estoque.get('agora')}",
        )
    )
    resultados.append(_uma_vez_cada(pilha, produto_id, aceitos))
    resultados.append(_armazenados(pilha, aceitos))
    resultados.append(_sem_500(respostas))
    return resultados


def _resumo(contagem: Counter[str]) -> str:
    return ", ".join(f"{status} {n}" for status, n in sorted(contagem.items())) or "nenhum pedido"


def _uma_vez_cada(pilha: Pilha, produto_id: int, aceitos: list[str]) -> Invariante:
    repetidos = []
    for pedido_id in aceitos:
        tipos = [e["type"] for e in pilha.get(f"/api/pedidos/{pedido_id}/eventos").json()["data"]]
        if len(tipos) != len(set(tipos)):
            repetidos.append(pedido_id)
    reservas: Counter[str] = Counter()
    pagina = 1
    while True:
        corpo = pilha.get(
            f"/api/produtos/{produto_id}/estoque/historico", pagina=pagina, por_pagina=100
        ).json()
        reservas.update(m["pedido_id"] for m in corpo["data"] if m["motivo"] == "reserva")
        if len(corpo["data"]) < 100:
            break
        pagina += 1
    duplas = [p for p, n in reservas.items() if n > 1]
    return Invariante(
        "nenhum evento aplicado duas vezes",
        not repetidos and not duplas,
        f"{len(aceitos)} históricos de pedido, {sum(reservas.values())} reservas no razão do estoque"
        + (f"; repetidos: {repetidos + duplas}" if repetidos or duplas else ""),
    )


def _armazenados(pilha: Pilha, aceitos: list[str]) -> Invariante:
    faltando: dict[str, int] = {}

    def todos() -> bool:
        faltando.clear()
        for pedido_id in aceitos:
            publicados = {
                e["event_id"]
                for e in pilha.get(f"/api/pedidos/{pedido_id}/eventos").json()["data"]
                if e["type"] not in NAO_PUBLICADOS_PELOS_PEDIDOS
            }
            guardados = [
                e["event_id"]
                for e in pilha.get(
                    "/api/eventos", agregado_tipo="Pedido", agregado_id=pedido_id, limite=500
                ).json()["data"]
            ]
            if set(guardados) != publicados or len(guardados) != len(set(guardados)):
                faltando[pedido_id] = len(publicados) - len(set(guardados))
        return not faltando

    ok = _ate(todos, 60)
    return Invariante(
        "o armazém de eventos tem cada evento uma vez",
        ok,
        f"eventos de {len(aceitos)} pedidos conferidos" + (f"; diferenças: {faltando}" if faltando else ""),
    )


def _sem_500(respostas: list[Resposta]) -> Invariante:
    quinhentos = sum(1 for r in respostas if r.status == 500)
    sem_envelope = sum(1 for r in respostas if r.status >= 400 and not r.json)
    sem_resposta = sum(1 for r in respostas if r.status == 0)
    return Invariante(
        "nenhum 500; todo erro no envelope JSON",
        quinhentos == 0 and sem_envelope == 0 and sem_resposta == 0,
        f"500: {quinhentos}, erros fora do envelope: {sem_envelope}, sem resposta: {sem_resposta}",
    )
