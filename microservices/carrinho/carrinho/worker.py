"""The cart worker: relays cart events, consumes catalog and order events, reports abandoned carts."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import redis
from confeitaria_shared.boot import start
from confeitaria_shared.config import StreamSettings
from confeitaria_shared.replicacao import replicas_exigidas
from confeitaria_shared.stores import redis_client
from confeitaria_shared.worker import PeriodicTask, serve_redis_worker

from .adaptadores.redis_carrinhos import CarrinhosRedis
from .adaptadores.relay_local import run_relay_local
from .config import CarrinhoSettings
from .handlers import handlers
from .servicos.reacoes import varrer_abandonados


def main() -> None:
    """Run the consumer, the local relay and the abandoned-cart sweep until stopped."""
    start("carrinho-worker")
    settings = CarrinhoSettings.from_env()
    cache = redis_client(settings.redis)

    def carrinhos(cliente: redis.Redis) -> CarrinhosRedis:
        return CarrinhosRedis(cliente, settings.ttl_s, settings.max_linhas, settings.max_quantidade)

    def relay(bus: redis.Redis, stream: StreamSettings, stop: threading.Event) -> Sequence[threading.Thread]:
        replicas = replicas_exigidas(bool(stream.bus.sentinels))
        args = (cache, bus, stream.stream, replicas, stop)
        return [threading.Thread(target=run_relay_local, args=args, name="relay")]

    def varrer() -> None:
        varrer_abandonados(carrinhos(cache))

    abandonados = PeriodicTask("abandonados", 30.0, varrer)
    serve_redis_worker("carrinho", cache, handlers(carrinhos), [abandonados], relay)


if __name__ == "__main__":
    main()
