"""What each service's own store says after a drill: read with psql and redis-cli, never through the API."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ferramentas.pilha import Pilha

PRODUTORES_COM_OUTBOX = ("catalogo", "pedidos")
STREAM_MORTOS = "confeitaria.eventos.dlq"
OUTBOX_DO_CARRINHO = "carrinho:eventos"  # the cart's local stream, relayed to the bus by its worker
_IDENTIFICADOR = re.compile(r"^[0-9a-zA-Z-]{1,64}$")


@dataclass(frozen=True)
class Marca:
    """Where each store stood when the drill began: only what came after is the drill's."""

    outbox: dict[str, int]
    ultimo_morto: str


@dataclass(frozen=True)
class PedidoGuardado:
    """An order as the orders database holds it."""

    status: str
    motivo: str
    tipos_repetidos: tuple[str, ...]


@dataclass(frozen=True)
class Estoque:
    """One product in the catalog primary's database: its stock, its ledger, its reservations."""

    estoque: int
    soma_do_razao: int
    reservas_por_pedido: Counter[str]
    vendas_por_pedido: Counter[str]
    reservas_pendentes: int


@dataclass(frozen=True)
class Morto:
    """One dead-lettered entry: its id, which event (of which aggregate), which group gave up, why."""

    entrada: str
    event_id: str
    agregado_id: str
    tipo: str
    grupo: str
    erro: str


def _lista(ids: Iterable[str]) -> str:
    """A SQL list of literals from identifiers the drill made or the stack answered (checked)."""
    valores = sorted(set(ids))
    for valor in valores:
        if not _IDENTIFICADOR.match(valor):
            raise ValueError(f"not an identifier: {valor!r}")
    return ", ".join(f"'{valor}'" for valor in valores) or "NULL"


def _linhas(saida: str) -> list[list[str]]:
    return [linha.split("|") for linha in saida.splitlines() if linha]


@dataclass
class Armazens:
    """The stack's databases and Redis, as the drill's judge reads them."""

    pilha: Pilha

    def _sql(self, produtor: str, comando: str) -> str:
        if produtor in ("catalogo", "pedidos"):
            return self.pilha.sql(self.pilha.primario(produtor), produtor, comando)
        return self.pilha.sql(f"{produtor}-db", produtor, comando)

    def marca(self) -> Marca:
        """The newest outbox row of each producer and the newest dead letter, before the drill."""
        outbox = {
            p: int(self._sql(p, "SELECT coalesce(max(id), 0) FROM outbox")) for p in PRODUTORES_COM_OUTBOX
        }
        ultimos = self.pilha.redis("event-bus", "XREVRANGE", STREAM_MORTOS, "+", "-", "COUNT", "1")
        ultimo = str(ultimos[0][0]) if isinstance(ultimos, list) and ultimos else "0-0"
        return Marca(outbox, ultimo)

    def pedidos(self, ids: Iterable[str]) -> dict[str, PedidoGuardado]:
        """The orders database's view of the given orders (absent ones are missing from the dict)."""
        lista = _lista(ids)
        estados = _linhas(
            self._sql(
                "pedidos",
                f"SELECT id, status, coalesce(motivo_cancelamento, '') FROM pedidos WHERE id IN ({lista})",
            )
        )
        repetidos: dict[str, list[str]] = {}
        for pedido_id, tipo in _linhas(
            self._sql(
                "pedidos",
                f"SELECT pedido_id, tipo FROM eventos_pedido WHERE pedido_id IN ({lista}) "
                "GROUP BY pedido_id, tipo HAVING count(*) > 1",
            )
        ):
            repetidos.setdefault(pedido_id, []).append(tipo)
        return {
            pedido_id: PedidoGuardado(status, motivo, tuple(repetidos.get(pedido_id, ())))
            for pedido_id, status, motivo in estados
        }

    def estoque(self, produto_id: int) -> Estoque:
        """The product's stock, ledger and reservations on the catalog's primary."""
        produto = int(produto_id)
        no = self.pilha.primario_do_catalogo()
        valores = self.pilha.sql(
            no,
            "catalogo",
            f"SELECT (SELECT estoque FROM produtos WHERE id = {produto}), "
            f"(SELECT coalesce(sum(delta), 0) FROM movimentos_estoque WHERE produto_id = {produto})",
        ).split("|")
        movimentos = _linhas(
            self.pilha.sql(
                no,
                "catalogo",
                f"SELECT pedido_id, motivo FROM movimentos_estoque WHERE produto_id = {produto} "
                "AND motivo IN ('reserva', 'venda')",
            )
        )
        pendentes = self.pilha.sql(
            no,
            "catalogo",
            "SELECT count(*) FROM reservas WHERE status = 'RESERVADA' AND EXISTS (SELECT 1 FROM "
            f"jsonb_array_elements(itens) i WHERE (i->>'produto_id')::int = {produto})",
        )
        return Estoque(
            int(valores[0]),
            int(valores[1]),
            Counter(p for p, motivo in movimentos if motivo == "reserva"),
            Counter(p for p, motivo in movimentos if motivo == "venda"),
            int(pendentes),
        )

    def nao_publicados(self, marca: Marca) -> dict[str, int]:
        """Outbox rows written since the mark and not yet published, per producer (the cart too)."""
        faltam = {
            p: int(
                self._sql(
                    p, f"SELECT count(*) FROM outbox WHERE id > {marca.outbox[p]} AND published_at IS NULL"
                )
            )
            for p in PRODUTORES_COM_OUTBOX
        }
        faltam["carrinho"] = int(str(self.pilha.redis("carrinho-redis", "XLEN", OUTBOX_DO_CARRINHO)))
        return faltam

    def eventos_escritos(self, marca: Marca) -> dict[str, set[str]]:
        """The event ids each producer with an outbox wrote since the mark."""
        return {
            p: set(self._sql(p, f"SELECT event_id FROM outbox WHERE id > {marca.outbox[p]}").split())
            for p in PRODUTORES_COM_OUTBOX
        }

    def guardados(self, event_ids: Iterable[str]) -> set[str]:
        """Which of the given events the events store holds."""
        lista = _lista(event_ids)
        return set(
            self.pilha.sql(
                "events-db", "events", f"SELECT event_id FROM eventos WHERE event_id IN ({lista})"
            ).split()
        )

    def eventos_de_carrinhos(self, session_ids: Iterable[str]) -> dict[str, Counter[str]]:
        """How many events of each type the events store holds for each cart."""
        contagem: dict[str, Counter[str]] = {}
        for sessao, tipo, n in _linhas(
            self.pilha.sql(
                "events-db",
                "events",
                "SELECT agregado_id, tipo, count(*) FROM eventos WHERE agregado_tipo = 'Carrinho' "
                f"AND agregado_id IN ({_lista(session_ids)}) GROUP BY agregado_id, tipo",
            )
        ):
            contagem.setdefault(sessao, Counter())[tipo] = int(n)
        return contagem

    def mortos_desde(self, marca: Marca) -> list[Morto]:
        """Entries dead-lettered after the mark."""
        entradas = self.pilha.redis("event-bus", "XRANGE", STREAM_MORTOS, f"({marca.ultimo_morto}", "+")
        mortos = []
        for entrada, campos in entradas if isinstance(entradas, list) else []:
            dados: dict[str, Any] = dict(zip(campos[::2], campos[1::2], strict=True))
            try:
                envelope = json.loads(dados.get("evento", "{}"))
            except ValueError:
                envelope = {}
            if not isinstance(envelope, dict):
                envelope = {}
            mortos.append(
                Morto(
                    str(entrada),
                    str(envelope.get("event_id", "?")),
                    str(envelope.get("aggregate_id", "?")),
                    str(envelope.get("type", "?")),
                    str(dados.get("dlq_group", "?")),
                    str(dados.get("dlq_error", ""))[:120],
                )
            )
        return mortos
