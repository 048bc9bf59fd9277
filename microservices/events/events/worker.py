"""The events worker: stores every event of the shared stream, trims what every group has handled."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session, sessionmaker

from confeitaria_shared.config import StreamSettings, env_int
from confeitaria_shared.envelope import EventEnvelope
from confeitaria_shared.stores import redis_client
from confeitaria_shared.trimming import trim_acknowledged
from confeitaria_shared.worker import PeriodicTask, serve_worker

from .adaptadores.unidade import UnidadeSqlDeEventos
from .servicos.armazenamento import armazenar_lote


def armazenar(eventos: Sequence[EventEnvelope], session: Session) -> None:
    """Store a read of the stream on the batch's session (its lender commits it)."""
    with UnidadeSqlDeEventos.sobre(session) as uow:
        armazenar_lote(uow, eventos)


def tarefas(_sessions: sessionmaker[Session]) -> Sequence[PeriodicTask]:
    """Trim the shared stream below the oldest entry any group still needs, every STREAM_APARAR_S."""
    settings = StreamSettings.from_env()
    bus = redis_client(settings.bus)

    def aparar() -> None:
        trim_acknowledged(bus, settings.stream)

    return [PeriodicTask("aparar-stream", env_int("STREAM_APARAR_S", 30, minimum=1), aparar)]


if __name__ == "__main__":
    # One transaction per read from the stream: a hundred events cost one insert, not a hundred.
    serve_worker("events", {}, relay=False, periodic=tarefas, batch_handler=armazenar)
