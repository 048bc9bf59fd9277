"""Cart events for analytics, written atomically with the change into the cart's own Redis stream."""

from __future__ import annotations

from typing import Any

from confeitaria_shared.envelope import domain_event

PRODUTOR = "carrinho"


def evento_json(tipo: str, session_id: str, dados: dict[str, Any]) -> str:
    """The envelope of a cart event, ready to be XADDed by a cart script."""
    return domain_event(tipo, "Carrinho", session_id, {"session_id": session_id, **dados}, PRODUTOR).to_json()
