"""Cart events for analytics, written atomically with the change into the cart's own Redis stream."""

from __future__ import annotations

from confeitaria_shared.envelope import domain_event

from ..dominio.eventos import EventoDoCarrinho

PRODUTOR = "carrinho"


def evento_json(evento: EventoDoCarrinho) -> str:
    """The envelope of a cart event (in its cause's correlation), ready to be XADDed by a cart script."""
    dados = {"session_id": evento.session_id, **evento.dados}
    envelope = domain_event(evento.tipo, "Carrinho", evento.session_id, dados, PRODUTOR, cause=evento.causa)
    return envelope.to_json()
