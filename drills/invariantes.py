"""What must hold after every drill, judged from each service's own store after a bounded wait."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from .armazens import Armazens, Marca, PedidoGuardado
from .carga import Carga, CarrinhoDoExercicio, Resposta
from .reenvio import reenviar

FINAIS = frozenset({"CONFIRMADO", "CANCELADO"})
# Orders still PENDENTE after PEDIDO_TIMEOUT_S (120 s) are cancelled as EXPIRADO: the wait stays well
# under it, so a stalled saga is seen stalled instead of ending "final" by expiry.
ESPERA_FINAIS_S = 60.0
ESPERA_ENTREGA_S = 30.0
# The only reason a drill's order may be cancelled: its units were sold to earlier orders.
MOTIVO_ESPERADO = "ESTOQUE_INSUFICIENTE"


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
        except (OSError, ValueError, KeyError, RuntimeError):
            pass  # a store is still settling: ask again
        if time.monotonic() > fim:
            return False
        time.sleep(intervalo_s)


def _resumo(contagem: Counter[str]) -> str:
    return ", ".join(f"{chave} {n}" for chave, n in sorted(contagem.items())) or "nenhum pedido"


def verificar(
    armazens: Armazens,
    marca: Marca,
    produto_id: int,
    estoque_inicial: int,
    carga: Carga,
    respostas: list[Resposta],
    medidas: dict[str, float] | None = None,
) -> list[Invariante]:
    """Check every invariant from the stores; `medidas["todos_finais"]` gets when every order was final."""
    reenvio = reenviar(armazens.pilha, carga.sem_resposta_clara, carga.carrinhos)
    aceitos = sorted(
        {r.pedido_id for r in respostas if r.pedido_id}
        | set(reenvio.recuperados)
        | {c.pedido_id for c in carga.carrinhos.values() if c.pedido_id}
    )
    resultados = [
        Invariante(
            "todo checkout teve resposta clara (reenviado com a mesma chave quando preciso)",
            reenvio.sem_solucao == 0,
            f"{reenvio.reenviados} reenviados, {len(reenvio.recuperados)} pedidos recuperados, "
            f"{reenvio.sem_solucao} ainda sem resposta",
        )
    ]
    pedidos: dict[str, PedidoGuardado] = {}

    def todos_finais() -> bool:
        pedidos.update(armazens.pedidos(p for p in aceitos if pedidos.get(p, _NENHUM).status not in FINAIS))
        return len(pedidos) == len(aceitos) and all(p.status in FINAIS for p in pedidos.values())

    terminou = bool(aceitos) and _ate(todos_finais, ESPERA_FINAIS_S)
    if medidas is not None:
        medidas["todos_finais"] = time.monotonic()
    status = Counter(p.status for p in pedidos.values())
    perdidos = len(aceitos) - len(pedidos)
    resultados.append(
        Invariante(
            "pedidos aceitos, nenhum perdido",
            bool(aceitos) and perdidos == 0,
            f"{len(aceitos)} aceitos, {len(pedidos)} no banco de pedidos",
        )
    )
    resultados.append(
        Invariante(
            f"todo pedido termina CONFIRMADO ou CANCELADO em até {ESPERA_FINAIS_S:.0f} s",
            terminou,
            _resumo(status),
        )
    )
    motivos = Counter(p.motivo for p in pedidos.values() if p.status == "CANCELADO")
    resultados.append(
        Invariante(
            "nenhum pedido expirou: só a falta de estoque cancela",
            set(motivos) <= {MOTIVO_ESPERADO},
            _resumo(motivos) if motivos else "nenhum cancelado",
        )
    )
    confirmados = status["CONFIRMADO"]
    esperados = min(estoque_inicial, len(aceitos))
    resultados.append(
        Invariante(
            "confirmados = mín(estoque inicial, aceitos)",
            bool(aceitos) and confirmados == esperados,
            f"mín({estoque_inicial}, {len(aceitos)}) = {esperados}; confirmados {confirmados}",
        )
    )
    resultados.append(_estoque(armazens, produto_id, estoque_inicial, confirmados, pedidos))
    escritos: dict[str, set[str]] = {}
    resultados += _entrega(armazens, marca, carga.carrinhos, pedidos, escritos)
    do_exercicio = set().union(*escritos.values(), aceitos, carga.carrinhos, {str(produto_id)})
    resultados.append(_mortos(armazens, marca, do_exercicio))
    resultados.append(_sem_500(respostas))
    return resultados


_NENHUM = PedidoGuardado("", "", ())


def _estoque(
    armazens: Armazens, produto_id: int, inicial: int, confirmados: int, pedidos: dict[str, PedidoGuardado]
) -> Invariante:
    """Stock and ledger on the primary agree with the orders; nothing was applied twice."""
    esperado = inicial - confirmados
    lido = armazens.estoque(produto_id)
    repetidos = {p for p, n in lido.reservas_por_pedido.items() if n > 1}
    repetidos |= {p for p, n in lido.vendas_por_pedido.items() if n > 1}
    repetidos |= {p for p, pedido in pedidos.items() if pedido.tipos_repetidos}
    vendidos = set(lido.vendas_por_pedido)
    confirmados_ids = {p for p, pedido in pedidos.items() if pedido.status == "CONFIRMADO"}
    ok = (
        lido.estoque == esperado == lido.soma_do_razao
        and lido.estoque >= 0
        and lido.reservas_pendentes == 0
        and not repetidos
        and vendidos == confirmados_ids
    )
    return Invariante(
        "estoque no primário = inicial − confirmados = soma do razão; cada venda uma vez",
        ok,
        f"{inicial} − {confirmados} = {esperado}; estoque {lido.estoque}, razão {lido.soma_do_razao}, "
        f"reservas pendentes {lido.reservas_pendentes}, vendas {len(vendidos)}"
        + (f"; aplicados duas vezes: {sorted(repetidos)}" if repetidos else ""),
    )


def _entrega(
    armazens: Armazens,
    marca: Marca,
    carrinhos: dict[str, CarrinhoDoExercicio],
    pedidos: dict[str, PedidoGuardado],
    escritos: dict[str, set[str]],
) -> list[Invariante]:
    """Every outbox row published, and every event of every producer in the events store.

    `escritos` gets the event ids each producer with an outbox wrote since the mark.
    """
    faltam: dict[str, int] = {}

    def publicados() -> bool:
        faltam.update(armazens.nao_publicados(marca))
        return not any(faltam.values())

    publicou = _ate(publicados, ESPERA_ENTREGA_S)
    ausentes: dict[str, int] = {}
    divergentes: list[str] = []

    def todos_guardados() -> bool:
        escritos.update(armazens.eventos_escritos(marca))
        guardados = armazens.guardados(set().union(*escritos.values()))
        ausentes.update({p: len(ids - guardados) for p, ids in escritos.items()})
        divergentes[:] = _carrinhos_divergentes(armazens, carrinhos, pedidos)
        return not any(ausentes.values()) and not divergentes

    guardou = _ate(todos_guardados, ESPERA_ENTREGA_S)
    escritos_por = ", ".join(f"{p} {len(ids)}" for p, ids in sorted(escritos.items()))
    return [
        Invariante(
            "toda linha de outbox publicada (catálogo, pedidos, carrinho)",
            publicou,
            "não publicadas: " + ", ".join(f"{p} {n}" for p, n in sorted(faltam.items())),
        ),
        Invariante(
            "o armazém de eventos tem cada evento de cada produtor",
            guardou,
            f"escritos desde o início: {escritos_por}; ausentes: {sum(ausentes.values())}; "
            f"{len(carrinhos)} carrinhos conferidos"
            + (f"; carrinhos divergentes: {divergentes[:5]}" if divergentes else ""),
        ),
    ]


def _carrinhos_divergentes(
    armazens: Armazens, carrinhos: dict[str, CarrinhoDoExercicio], pedidos: dict[str, PedidoGuardado]
) -> list[str]:
    """Carts whose stored events differ from what their answers promised (each event exactly once)."""
    if not carrinhos:
        return []
    guardados = armazens.eventos_de_carrinhos(carrinhos)
    divergentes = []
    for session_id, carrinho in carrinhos.items():
        tipos = guardados.get(session_id, Counter())
        esperado = Counter({"CheckoutRealizado": 1 if carrinho.pedido_id else 0})
        if carrinho.pedido_id:
            status = pedidos.get(carrinho.pedido_id, _NENHUM).status
            esperado["CarrinhoConvertido"] = int(status == "CONFIRMADO")
            esperado["CarrinhoReaberto"] = int(status == "CANCELADO")
        adicionados = tipos["ItemAdicionadoAoCarrinho"]
        certo = carrinho.adicoes_certas <= adicionados <= carrinho.adicoes_certas + carrinho.adicoes_incertas
        if not certo or any(tipos[tipo] != n for tipo, n in esperado.items()):
            divergentes.append(f"{session_id[:8]}: {dict(tipos)}")
    return divergentes


def _mortos(armazens: Armazens, marca: Marca, do_exercicio: set[str]) -> Invariante:
    """No event of the drill dead-lettered; others that landed meanwhile (another test's) are listed."""
    novos = armazens.mortos_desde(marca)
    mortos = [m for m in novos if m.event_id in do_exercicio or m.agregado_id in do_exercicio]
    alheios = len(novos) - len(mortos)
    return Invariante(
        "nenhum evento foi para a fila de mortos",
        not mortos,
        f"{len(mortos)} do exercício"
        + (f": {_resumo(Counter(f'{m.tipo} ({m.grupo}: {m.erro})' for m in mortos))}" if mortos else "")
        + (f"; {alheios} de fora do exercício (outros eventos)" if alheios else ""),
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
