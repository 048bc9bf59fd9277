"""The cart's local copy of products in its Redis: what adds answer from and what reads show."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import redis

from ..dominio.produto import Campos
from . import chaves, scripts


@dataclass
class CopiasRedis:
    """Product copies, one hash each; an older version only fills fields a newer copy lacks."""

    redis: redis.Redis
    _script: Any = field(default=None, init=False)

    def gravar(self, produto_id: int | str, versao: int, campos: Campos) -> bool:
        """Store fields of a product seen at `versao`; whether it was the newest seen."""
        argumentos: list[Any] = [versao, "versao", versao]
        for campo, valor in campos.items():
            argumentos += [campo, valor]
        if self._script is None:
            self._script = self.redis.register_script(scripts.GRAVAR_SE_MAIS_NOVO)
        return bool(self._script(keys=[chaves.produto(produto_id)], args=argumentos))

    def conhecidos(self, ids: list[str]) -> dict[str, dict[str, str]]:
        """The local copies of the given products (absent ones are left out)."""
        pipe = self.redis.pipeline(transaction=False)
        for produto_id in ids:
            pipe.hgetall(chaves.produto(produto_id))
        return {pid: dados for pid, dados in zip(ids, pipe.execute(), strict=True) if dados}
