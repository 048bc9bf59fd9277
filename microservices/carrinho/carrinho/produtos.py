"""The cart's local copy of products: what adds answer from and what reads show, fed by catalog events."""

from __future__ import annotations

from typing import Any

import redis

from . import chaves
from .dinheiro import reais

# Newer versions replace older ones: events can arrive out of order. An older version only fills
# fields the copy lacks (a copy made from a PrecoAlterado alone has no name, flag or stock yet).
_GRAVAR_SE_MAIS_NOVO = """
local atual = tonumber(redis.call('HGET', KEYS[1], 'versao') or '0')
local mais_novo = tonumber(ARGV[1]) >= atual
for i = 2, #ARGV, 2 do
  if mais_novo then redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  else redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) end
end
return mais_novo and 1 or 0
"""


def gravar(cache: redis.Redis, produto_id: int | str, versao: int, **campos: Any) -> bool:
    """Store fields of a product seen at `versao`; an older version only fills missing fields."""
    argumentos: list[Any] = [versao, "versao", versao]
    for campo, valor in campos.items():
        argumentos += [campo, "1" if valor is True else "0" if valor is False else str(valor)]
    script = cache.register_script(_GRAVAR_SE_MAIS_NOVO)
    return bool(script(keys=[chaves.produto(produto_id)], args=argumentos))


def lembrar_do_catalogo(cache: redis.Redis, produto: dict[str, Any]) -> None:
    """Keep what the catalog answered about a product, its stock as the hint adds check."""
    gravar(
        cache,
        produto["id"],
        int(produto["versao"]),
        nome=produto["nome"],
        preco=reais(produto["preco"]),
        ativo=produto["ativo"],
        estoque=int(produto["estoque"]),
    )


def conhecidos(cache: redis.Redis, ids: list[str]) -> dict[str, dict[str, str]]:
    """The local copies of the given products (absent ones are left out)."""
    pipe = cache.pipeline(transaction=False)
    for produto_id in ids:
        pipe.hgetall(chaves.produto(produto_id))
    return {pid: dados for pid, dados in zip(ids, pipe.execute(), strict=True) if dados}
