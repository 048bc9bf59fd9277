"""A replay's proof: a read model rebuilt from the stored events, compared row by row with a live one."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from confeitaria_shared.dinheiro import em_texto

from .eventos import ContagemDeTipo
from .projecoes import PedidoVisto

Linhas = dict[str, tuple[Any, ...]]
MOSTRAR_NO_MAXIMO = 20


@dataclass
class Prova:
    """A rebuilt model set against a live one: sizes, digests and the rows that differ."""

    modelo: str
    comparado_com: str
    linhas_reconstruidas: int
    linhas_vivas: int
    digest_reconstruido: str
    digest_vivo: str
    total_diferencas: int
    diferencas: list[dict[str, Any]] = field(default_factory=list)
    erro: str | None = None

    @property
    def iguais(self) -> bool:
        """True when both sides hold the same rows."""
        return self.erro is None and self.total_diferencas == 0


def digest(linhas: Linhas) -> str:
    """SHA-256 of the rows in key order: equal digests, equal models."""
    corpo = "\n".join(json.dumps([chave, *linhas[chave]], default=str) for chave in sorted(linhas))
    return hashlib.sha256(corpo.encode()).hexdigest()


def comparar(modelo: str, comparado_com: str, reconstruido: Linhas, vivo: Linhas) -> Prova:
    """Compare two models row by row."""
    diferencas = [
        {"chave": chave, "reconstruido": reconstruido.get(chave), "vivo": vivo.get(chave)}
        for chave in sorted(reconstruido.keys() | vivo.keys())
        if reconstruido.get(chave) != vivo.get(chave)
    ]
    return Prova(
        modelo,
        comparado_com,
        len(reconstruido),
        len(vivo),
        digest(reconstruido),
        digest(vivo),
        len(diferencas),
        diferencas[:MOSTRAR_NO_MAXIMO],
    )


def sem_comparacao(modelo: str, comparado_com: str, reconstruido: Linhas, erro: str) -> Prova:
    """A proof that could not be made: the live side did not answer."""
    return Prova(modelo, comparado_com, len(reconstruido), 0, digest(reconstruido), "", 0, erro=erro)


def centavos(valor: Any) -> str | None:
    """A money value as comparable text with two places (None stays None)."""
    return None if valor is None else em_texto(valor)


def linha_do_pedido(pedido: PedidoVisto) -> tuple[Any, ...]:
    """An order of the projection as a comparable row."""
    return (
        pedido.status,
        centavos(pedido.total),
        pedido.unidades,
        pedido.cliente_id,
        pedido.motivo_cancelamento,
        pedido.eventos,
        pedido.criado_em.isoformat(),
        pedido.atualizado_em.isoformat(),
    )


def linhas_dos_pedidos(pedidos: Mapping[str, PedidoVisto]) -> Linhas:
    """Orders as comparable rows."""
    return {p: linha_do_pedido(pedido) for p, pedido in pedidos.items()}


def linhas_dos_tipos(contagens: Iterable[ContagemDeTipo]) -> Linhas:
    """Per-type counts as comparable rows."""
    return {c.tipo: (c.quantidade, c.ultimo_em.isoformat()) for c in contagens}
