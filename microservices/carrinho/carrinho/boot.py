"""Container entry point: wait for the cart's Redis, then serve."""

from __future__ import annotations

from confeitaria_shared.boot import exec_gunicorn, start, wait_until_ready
from confeitaria_shared.stores import redis_client

from .config import CarrinhoSettings

if __name__ == "__main__":
    start("carrinho")
    wait_until_ready("carrinho-redis", redis_client(CarrinhoSettings.from_env().redis).ping)
    exec_gunicorn("carrinho:create_app()")
