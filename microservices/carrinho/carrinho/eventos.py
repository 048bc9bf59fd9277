"""Cart events for analytics, written atomically with the change into the cart's own Redis stream."""

from __future__ import annotations

from typing import Any

from confeitaria_shared.envelope import EventEnvelope, domain_event

PRODUTOR = "carrinho"


def evento_json(tipo: str, session_id: str, dados: dict[str, Any], causa: EventEnvelope | None = None) -> str:
    """The envelope of a cart event (in its cause's correlation), ready to be XADDed by a cart script."""
    dados_completos = {"session_id": session_id, **dados}
    return domain_event(tipo, "Carrinho", session_id, dados_completos, PRODUTOR, cause=causa).to_json()
