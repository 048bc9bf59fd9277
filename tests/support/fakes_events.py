"""In-memory fakes of the events service's ports: its use cases run against them in milliseconds."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from confeitaria_shared.dominio import IndisponivelError
from events.dominio.cartas import Reprocessamento
from events.dominio.eventos import ContagemDeTipo, EventoGuardado, EventoRecebido
from events.dominio.projecoes import Fato, PedidoVisto, pedido_do_fato
from events.dominio.prova import Linhas
from events.servicos.portas import EstadoDoGrupo, EstadoDoStream, FiltroDeEventos, UnidadeDeEventos

AGORA = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


class ArmazemEmMemoria:
    """The event store as a list, numbered from 1 in arrival order."""

    def __init__(self) -> None:
        self.guardados: list[EventoGuardado] = []

    def guardar_novos(self, eventos: Sequence[EventoRecebido]) -> list[Fato]:
        ids = {e.event_id for e in self.guardados}
        novos = []
        for evento in eventos:
            if evento.event_id in ids:
                continue
            ids.add(evento.event_id)
            posicao = len(self.guardados) + 1
            self.guardados.append(EventoGuardado(**vars(evento), posicao=posicao))
            novos.append(evento.fato())
        return novos

    def fatos_dos_pedidos(self, pedido_ids: Iterable[str]) -> list[Fato]:
        ids = set(pedido_ids)
        return [f for f in self.fatos_sobre_pedidos() if pedido_do_fato(f) in ids]

    def fatos_sobre_pedidos(self) -> Iterator[Fato]:
        return (f for e in self.guardados if pedido_do_fato(f := e.fato()) is not None)

    def contagem_por_tipo(self) -> list[ContagemDeTipo]:
        contagem = Counter(e.tipo for e in self.guardados)
        return [
            ContagemDeTipo(tipo, n, max(e.ocorrido_em for e in self.guardados if e.tipo == tipo))
            for tipo, n in sorted(contagem.items())
        ]

    def guardado(self, event_id: str) -> bool:
        return any(e.event_id == event_id for e in self.guardados)

    def pagina(self, filtro: FiltroDeEventos, apos: int | None, limite: int) -> list[EventoGuardado]:
        iguais = {
            "tipo": filtro.tipo,
            "agregado_tipo": filtro.agregado_tipo,
            "agregado_id": filtro.agregado_id,
            "correlation_id": filtro.correlation_id,
        }
        eventos = [
            e
            for e in self.guardados
            if all(not valor or getattr(e, campo) == valor for campo, valor in iguais.items())
            and (filtro.desde is None or e.ocorrido_em >= filtro.desde)
            and (filtro.ate is None or e.ocorrido_em <= filtro.ate)
            and (apos is None or (e.posicao < apos if filtro.descendo else e.posicao > apos))
        ]
        return sorted(eventos, key=lambda e: e.posicao, reverse=filtro.descendo)[:limite]

    def obter(self, event_id: str) -> EventoGuardado | None:
        return next((e for e in self.guardados if e.event_id == event_id), None)

    def da_correlacao(self, correlation_id: str) -> list[EventoGuardado]:
        eventos = [e for e in self.guardados if e.correlation_id == correlation_id]
        return sorted(eventos, key=lambda e: (e.ocorrido_em, e.posicao))


class ProjecoesEmMemoria:
    """The live projections as dicts; remembers the orders it was asked to lock."""

    def __init__(self) -> None:
        self.por_pedido: dict[str, PedidoVisto] = {}
        self.por_tipo: dict[str, ContagemDeTipo] = {}
        self.travados: list[list[str]] = []
        self.congelada = False

    def travar_pedidos(self, pedido_ids: Iterable[str]) -> None:
        self.travados.append(list(pedido_ids))

    def gravar_pedido(self, pedido: PedidoVisto) -> None:
        self.por_pedido[pedido.pedido_id] = pedido

    def somar_tipos(self, contagens: Sequence[ContagemDeTipo]) -> None:
        for nova in contagens:
            antiga = self.por_tipo.get(nova.tipo)
            if antiga is not None:
                nova = ContagemDeTipo(
                    nova.tipo, antiga.quantidade + nova.quantidade, max(antiga.ultimo_em, nova.ultimo_em)
                )
            self.por_tipo[nova.tipo] = nova

    def pedidos(self) -> dict[str, PedidoVisto]:
        return dict(self.por_pedido)

    def tipos(self) -> list[ContagemDeTipo]:
        return list(self.por_tipo.values())

    def congelar(self) -> None:
        self.congelada = True

    def reescrever(self, pedidos: Iterable[PedidoVisto], tipos: Iterable[ContagemDeTipo]) -> None:
        self.por_pedido = {p.pedido_id: p for p in pedidos}
        self.por_tipo = {t.tipo: t for t in tipos}

    def pedidos_recentes(self, limite: int) -> list[PedidoVisto]:
        return sorted(self.por_pedido.values(), key=lambda p: p.atualizado_em, reverse=True)[:limite]

    def pedidos_por_status(self) -> list[tuple[str, int]]:
        return list(Counter(p.status for p in self.por_pedido.values()).items())


class ReprocessamentosEmMemoria:
    """The re-send records as a list, numbered from 1, all recorded at AGORA."""

    def __init__(self) -> None:
        self.registros: list[Reprocessamento] = []

    def adicionar(self, registro: Reprocessamento) -> Reprocessamento:
        gravado = replace(registro, id=len(self.registros) + 1, em=AGORA)
        self.registros.append(gravado)
        return gravado

    def ultimos(self, limite: int) -> list[Reprocessamento]:
        return list(reversed(self.registros))[:limite]


class UnidadeFalsa(UnidadeDeEventos):
    """A unit of work over the in-memory stores that counts its commits."""

    eventos: ArmazemEmMemoria
    projecoes: ProjecoesEmMemoria
    reprocessamentos: ReprocessamentosEmMemoria

    def __init__(self) -> None:
        self.eventos = ArmazemEmMemoria()
        self.projecoes = ProjecoesEmMemoria()
        self.reprocessamentos = ReprocessamentosEmMemoria()
        self.commits = 0

    def commit(self) -> None:
        self.commits += 1

    def rollback(self) -> None:
        """Nothing to undo: the tests look at what a use case wrote and whether it committed."""


@dataclass
class CartasFalsas:
    """The dead-letter stream, the shared stream and its groups' progress, in memory."""

    mortas: dict[str, dict[str, str]] = field(default_factory=dict)
    stream: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    entregues: dict[str, str] = field(default_factory=dict)  # group -> last delivered id
    pendentes: set[tuple[str, str]] = field(default_factory=set)  # (group, entry id)
    proximo_ms: int = 1000

    def recentes(self, limite: int) -> list[tuple[str, dict[str, str]]]:
        return list(reversed(self.mortas.items()))[:limite]

    def quantas(self) -> int:
        return len(self.mortas)

    def antigas(self, limite: int) -> list[tuple[str, dict[str, str]]]:
        return list(self.mortas.items())[:limite]

    def obter(self, dlq_id: str) -> dict[str, str] | None:
        return self.mortas.get(dlq_id)

    def reenviar(self, dlq_id: str, entrada: dict[str, str]) -> str:
        novo_id = f"{self.proximo_ms}-0"
        self.proximo_ms += 1
        self.stream.append((novo_id, entrada))
        del self.mortas[dlq_id]
        return novo_id

    def ultimo_entregue(self, grupo: str) -> str | None:
        return self.entregues.get(grupo)

    def pendente(self, grupo: str, entry_id: str) -> bool:
        return (grupo, entry_id) in self.pendentes


@dataclass
class MonitorFalso:
    """A shared stream's state as given."""

    stream: str = "confeitaria.eventos"
    estado_atual: EstadoDoStream | None = None
    grupos_atuais: list[EstadoDoGrupo] = field(default_factory=list)
    mortas: int = 0

    def estado(self) -> EstadoDoStream | None:
        return self.estado_atual

    def grupos(self) -> list[EstadoDoGrupo]:
        return self.grupos_atuais

    def cartas_mortas(self) -> int:
        return self.mortas


@dataclass
class ServicoDePedidosFalso:
    """The orders service's (status, total) per order; `fora_do_ar` makes it fail as an outage would."""

    linhas: Linhas = field(default_factory=dict)
    fora_do_ar: bool = False
    endereco: str = "http://pedidos:5000"

    def status_e_totais(self) -> Linhas:
        if self.fora_do_ar:
            raise IndisponivelError("PEDIDOS_INDISPONIVEL", "Connection refused")
        return self.linhas
