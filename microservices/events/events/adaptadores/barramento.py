"""The shared stream and its dead letters in Redis: re-sending dead letters, and the stream's state."""

from __future__ import annotations

from typing import Any, cast

import redis
from confeitaria_shared.config import StreamSettings

from ..servicos.portas import EstadoDoGrupo, EstadoDoStream


class CartasNoRedis:
    """The dead-letter stream, and the shared stream's groups as far as a re-sent entry goes."""

    def __init__(self, bus: redis.Redis, settings: StreamSettings) -> None:
        self._bus = cast(Any, bus)
        self._stream, self._mortas = settings.stream, settings.dead_letter_stream

    def recentes(self, limite: int) -> list[tuple[str, dict[str, str]]]:
        """The newest dead-letter entries first."""
        return list(self._bus.xrevrange(self._mortas, count=limite))

    def quantas(self) -> int:
        """How many dead letters there are."""
        return int(self._bus.xlen(self._mortas))

    def antigas(self, limite: int) -> list[tuple[str, dict[str, str]]]:
        """The oldest dead-letter entries first."""
        return list(self._bus.xrange(self._mortas, count=limite))

    def obter(self, dlq_id: str) -> dict[str, str] | None:
        """One dead letter's fields."""
        entradas = self._bus.xrange(self._mortas, min=dlq_id, max=dlq_id)
        return dict(entradas[0][1]) if entradas else None

    def reenviar(self, dlq_id: str, entrada: dict[str, str]) -> str:
        """Add the entry to the shared stream and delete the dead letter in one Redis transaction."""
        pipe = self._bus.pipeline(transaction=True)
        pipe.xadd(self._stream, entrada)
        pipe.xdel(self._mortas, dlq_id)
        novo_id, _ = pipe.execute()
        return str(novo_id)

    def ultimo_entregue(self, grupo: str) -> str | None:
        """The last id the group was given (None when the group or the stream does not exist)."""
        try:
            grupos = {g["name"]: g for g in self._bus.xinfo_groups(self._stream)}
        except redis.ResponseError:
            return None
        return str(grupos[grupo]["last-delivered-id"]) if grupo in grupos else None

    def pendente(self, grupo: str, entry_id: str) -> bool:
        """Whether the group was given the entry and has not acknowledged it."""
        return bool(self._bus.xpending_range(self._stream, grupo, min=entry_id, max=entry_id, count=1))


class MonitorNoRedis:
    """The shared stream's length, ends and groups, read with XINFO."""

    def __init__(self, bus: redis.Redis, stream: str, dead_letters: str) -> None:
        self._bus = cast(Any, bus)
        self.stream, self._mortas = stream, dead_letters

    def estado(self) -> EstadoDoStream | None:
        """The stream's length and ends (None when it does not exist)."""
        try:
            info = self._bus.xinfo_stream(self.stream)
        except redis.ResponseError:
            return None
        primeiro = info["first-entry"][0] if info.get("first-entry") else None
        return EstadoDoStream(info["length"], primeiro, info["last-generated-id"])

    def grupos(self) -> list[EstadoDoGrupo]:
        """Its consumer groups and their consumers."""
        return [
            EstadoDoGrupo(
                nome=grupo["name"],
                pendentes=grupo["pending"],
                # Redis 7 gives the lag (None when unknown).
                atraso=grupo.get("lag"),
                ultimo_entregue=grupo["last-delivered-id"],
                consumidores=[
                    {"nome": c["name"], "pendentes": c["pending"], "ocioso_ms": c["idle"]}
                    for c in self._bus.xinfo_consumers(self.stream, grupo["name"])
                ],
            )
            for grupo in self._bus.xinfo_groups(self.stream)
        ]

    def cartas_mortas(self) -> int:
        """How many dead letters there are."""
        return int(self._bus.xlen(self._mortas))
