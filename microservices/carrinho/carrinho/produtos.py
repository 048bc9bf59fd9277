"""The cart's local copy of products, so reading a cart never calls the catalog."""

from __future__ import annotations

from typing import Any

import redis

from . import chaves
from .dinheiro import reais

# Newer versions replace older ones only: events can arrive out of order.
_GRAVAR_SE_MAIS_NOVO = """
local atual = tonumber(redis.call('HGET', KEYS[1], 'versao') or '0')
if tonumber(ARGV[1]) < atual then return 0 end
for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
return 1
"""


def gravar(bus_ou_cache: redis.Redis, produto_id: int | str, versao: int, **campos: Any) -> bool:
    """Store fields of a product seen at `versao` unless a newer version is already stored."""
    argumentos: list[Any] = [versao, "versao", versao]
    for campo, valor in campos.items():
        argumentos += [campo, "1" if valor is True else "0" if valor is False else str(valor)]
    return bool(bus_ou_cache.eval(_GRAVAR_SE_MAIS_NOVO, 1, chaves.produto(produto_id), *argumentos))


def lembrar_do_catalogo(cache: redis.Redis, produto: dict[str, Any]) -> None:
    """Keep what the catalog answered about a product."""
    gravar(
        cache,
        produto["id"],
        int(produto["versao"]),
        nome=produto["nome"],
        preco=reais(produto["preco"]),
        ativo=produto["ativo"],
    )


def conhecidos(cache: redis.Redis, ids: list[str]) -> dict[str, dict[str, str]]:
    """The local copies of the given products (absent ones are left out)."""
    pipe = cache.pipeline(transaction=False)
    for produto_id in ids:
        pipe.hgetall(chaves.produto(produto_id))
    return {pid: dados for pid, dados in zip(ids, pipe.execute(), strict=True) if dados}
