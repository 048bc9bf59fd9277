"""A consumer process that applies events until the HANG_AT-th, then hangs (to be killed by a test)."""

from __future__ import annotations

import os
import time
from itertools import count

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from confeitaria_shared.config import StreamSettings
from confeitaria_shared.consumer import StreamConsumer
from confeitaria_shared.envelope import EventEnvelope
from confeitaria_shared.inbox import TransactionalDispatcher
from confeitaria_shared.stores import redis_client

_seen = count()
HANG_AT = int(os.environ["HANG_AT"])


def apply_or_hang(event: EventEnvelope, session: Session) -> None:
    if next(_seen) >= HANG_AT:
        time.sleep(3600)
    session.execute(
        sa.text("INSERT INTO efeitos (event_id, tipo) VALUES (:id, :tipo)"),
        {"id": event.event_id, "tipo": event.type},
    )


if __name__ == "__main__":
    settings = StreamSettings.from_env()
    engine = sa.create_engine(os.environ["DATABASE_URL"])
    dispatcher = TransactionalDispatcher(sessionmaker(engine), "teste", {"ProdutoCriado": apply_or_hang})
    StreamConsumer(redis_client(settings.bus), settings, "teste", "condenado", dispatcher).run()
