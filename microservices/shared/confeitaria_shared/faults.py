"""Fault toggles: staff-set error rate, added latency and failing readiness, per service, at runtime.

The toggles live in the event bus (one hash per service), so every process of a service sees the
same ones within a second. They are off unless set, and any answer they change says so in the
`X-Falha-Injetada` header. With the bus unreachable nothing is injected.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import asdict, dataclass
from typing import Any, cast

from flask import Flask, Response, g, request

import redis

from .errors import ApiError

log = logging.getLogger(__name__)

SERVICOS = ("catalogo", "catalogo-replica", "carrinho", "pedidos", "events")
# Paths the toggles never touch: probes, metrics, the toggles themselves and the admin panel.
ISENTOS = ("/health", "/ready", "/metrics", "/api/falhas", "/admin")
CACHE_S = 1.0


def chave(servico: str) -> str:
    """The bus key holding one service's toggles."""
    return f"confeitaria:falhas:{servico}"


@dataclass(frozen=True)
class Falhas:
    """One service's toggles: share of requests answered 503, delay added to each, readiness off."""

    taxa_erro: float = 0.0
    latencia_ms: int = 0
    readiness_falha: bool = False

    @property
    def ativas(self) -> bool:
        """Whether any toggle is on."""
        return self != Falhas()

    @classmethod
    def do_hash(cls, campos: dict[str, str]) -> Falhas:
        """Read the toggles from the bus hash (a garbled field counts as off)."""
        try:
            return cls(
                taxa_erro=min(1.0, max(0.0, float(campos.get("taxa_erro", 0)))),
                latencia_ms=max(0, int(campos.get("latencia_ms", 0))),
                readiness_falha=campos.get("readiness_falha") == "1",
            )
        except ValueError:
            return cls()

    def para_hash(self) -> dict[str, str]:
        """The toggles as bus hash fields."""
        return {
            "taxa_erro": str(self.taxa_erro),
            "latencia_ms": str(self.latencia_ms),
            "readiness_falha": "1" if self.readiness_falha else "0",
        }

    def to_dict(self) -> dict[str, Any]:
        """The toggles as the API shows them."""
        return {**asdict(self), "ativas": self.ativas}


def ler(bus: redis.Redis, servico: str) -> Falhas:
    """A service's toggles as stored now."""
    return Falhas.do_hash(cast(Any, bus).hgetall(chave(servico)))


def gravar(bus: redis.Redis, servico: str, falhas: Falhas) -> None:
    """Set a service's toggles (all off deletes them)."""
    if falhas.ativas:
        cast(Any, bus).hset(chave(servico), mapping=falhas.para_hash())
    else:
        cast(Any, bus).delete(chave(servico))


class Toggles:
    """One process's view of its service's toggles, read from the bus at most once a second."""

    def __init__(self, bus: redis.Redis, servico: str) -> None:
        self.bus, self.servico = bus, servico
        self._atuais, self._lidas_em = Falhas(), float("-inf")

    def atuais(self) -> Falhas:
        """The toggles, from a one-second cache; off while the bus does not answer."""
        agora = time.monotonic()
        if agora - self._lidas_em >= CACHE_S:
            # Claimed before reading: the process's other threads keep the toggles they have
            # instead of all asking the bus at once.
            self._lidas_em = agora
            try:
                self._atuais = ler(self.bus, self.servico)
            except redis.RedisError:
                self._atuais = Falhas()
        return self._atuais

    def readiness_check(self) -> None:
        """A /ready check that fails while staff switched readiness off."""
        if self.atuais().readiness_falha:
            raise RuntimeError("readiness desligada por um toggle de falha (PUT /api/falhas)")


def install_faults(app: Flask, servico: str, bus: redis.Redis) -> Toggles:
    """Apply the toggles to every request of the app but the exempt paths."""
    toggles = Toggles(bus, servico)
    app.extensions["falhas"] = toggles

    @app.before_request
    def _injetar_falhas() -> None:
        if request.path.startswith(ISENTOS):
            return
        falhas = toggles.atuais()
        if not falhas.ativas:
            return
        injetadas = []
        if falhas.latencia_ms:
            time.sleep(falhas.latencia_ms / 1000)
            injetadas.append("latencia")
        g.falhas_injetadas = injetadas
        if falhas.taxa_erro and random.random() < falhas.taxa_erro:
            g.falhas_injetadas = [*injetadas, "erro"]
            raise ApiError(503, "FALHA_INJETADA", f"Falha injetada em {servico} por um toggle de falha.")

    @app.after_request
    def _marcar(response: Response) -> Response:
        if g.get("falhas_injetadas"):
            response.headers["X-Falha-Injetada"] = ",".join(g.falhas_injetadas)
        return response

    return toggles
