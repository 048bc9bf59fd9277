"""Pure rules of the catalog: no database, no Flask."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from confeitaria_shared.errors import ApiError


class ItensInvalidosError(ValueError):
    """An order's item list that cannot be reserved as written (a malformed event)."""


def agrupar_itens(itens: Iterable[Mapping[str, Any]]) -> list[tuple[int, int]]:
    """(produto_id, quantidade) pairs, duplicates summed, in id order (a fixed lock order)."""
    total: dict[int, int] = defaultdict(int)
    for item in itens:
        produto_id, quantidade = item.get("produto_id"), item.get("quantidade")
        if not _inteiro_positivo(produto_id) or not _inteiro_positivo(quantidade):
            raise ItensInvalidosError(f"item inválido: {dict(item)!r}")
        total[produto_id] += quantidade  # type: ignore[index,operator]
    if not total:
        raise ItensInvalidosError("pedido sem itens")
    return sorted(total.items())


def _inteiro_positivo(valor: object) -> bool:
    return isinstance(valor, int) and not isinstance(valor, bool) and valor > 0


def versao_esperada(versao_no_corpo: int | None, if_match: str | None) -> tuple[int, bool]:
    """The version the client read, from the body or If-Match; 428 when neither is given.

    Returns the version and whether it came from If-Match (a mismatch is then 412, not 409).
    """
    if if_match:
        texto = if_match.strip().removeprefix("W/").strip('"')
        if not texto.isdigit():
            raise ApiError(400, "IF_MATCH_INVALIDO", 'If-Match deve ser a versão lida, por exemplo "3".')
        return int(texto), True
    if versao_no_corpo is None:
        raise ApiError(
            428, "VERSAO_OBRIGATORIA", "Informe a versão lida (campo versao ou cabeçalho If-Match)."
        )
    return versao_no_corpo, False


def conflito_de_versao(atual: int, lida: int, por_if_match: bool) -> ApiError:
    """The error for a write based on a stale read."""
    if por_if_match:
        return ApiError(412, "PRECONDICAO_FALHOU", "O recurso mudou desde a leitura.", versao_atual=atual)
    return ApiError(409, "VERSAO_CONFLITANTE", "O recurso mudou desde a leitura.", versao_atual=atual)
