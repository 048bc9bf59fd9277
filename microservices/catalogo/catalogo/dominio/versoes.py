"""Optimistic versions: a change says which version it read, and a stale read is refused."""

from __future__ import annotations

from dataclasses import dataclass

from confeitaria_shared.dominio import ConflitoError, VersaoAusenteError, VersaoDivergenteError

MUDOU = "O recurso mudou desde a leitura."


@dataclass(frozen=True)
class VersaoLida:
    """The version a client read, and whether it sent it as an If-Match precondition."""

    numero: int
    por_if_match: bool

    def conferir(self, atual: int) -> None:
        """Refuse a change based on a stale read: 412 for If-Match, 409 for the body's `versao`."""
        if atual == self.numero:
            return
        if self.por_if_match:
            raise VersaoDivergenteError("PRECONDICAO_FALHOU", MUDOU, versao_atual=atual)
        raise ConflitoError("VERSAO_CONFLITANTE", MUDOU, versao_atual=atual)


def versao_lida(no_corpo: int | None, do_if_match: int | None) -> VersaoLida:
    """The version the client read, If-Match first; VersaoAusenteError when it sent neither."""
    if do_if_match is not None:
        return VersaoLida(do_if_match, por_if_match=True)
    if no_corpo is None:
        raise VersaoAusenteError(
            "VERSAO_OBRIGATORIA", "Informe a versão lida (campo versao ou cabeçalho If-Match)."
        )
    return VersaoLida(no_corpo, por_if_match=False)
