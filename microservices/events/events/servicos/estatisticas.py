"""Health of the shared stream: length, ends, and per consumer group its backlog and consumers."""

from __future__ import annotations

from typing import Any

from .portas import MonitorDoStream


def saude_do_stream(monitor: MonitorDoStream) -> dict[str, Any]:
    """Length, first/last id, dead letters, and per group: pending, lag, consumers and their idle time."""
    estado = monitor.estado()
    if estado is None:
        return {"stream": monitor.stream, "existe": False, "comprimento": 0, "grupos": [], "dead_letters": 0}
    grupos = [
        {
            "nome": grupo.nome,
            "pendentes": grupo.pendentes,
            "atraso": grupo.atraso,
            "ultimo_entregue": grupo.ultimo_entregue,
            "consumidores": grupo.consumidores,
        }
        for grupo in monitor.grupos()
    ]
    return {
        "stream": monitor.stream,
        "existe": True,
        "comprimento": estado.comprimento,
        "primeiro_id": estado.primeiro_id,
        "ultimo_id": estado.ultimo_id,
        "grupos": grupos,
        "dead_letters": monitor.cartas_mortas(),
    }
