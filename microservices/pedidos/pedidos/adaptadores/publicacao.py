"""What the shared bus gets of an order's event: the same event, without the customer's personal data."""

from __future__ import annotations

from dataclasses import replace

from confeitaria_shared.envelope import EventEnvelope
from confeitaria_shared.privacidade import sem_dados_pessoais


def para_o_barramento(envelope: EventEnvelope) -> EventEnvelope:
    """The event as published: items, totals, status, motivo and `cliente_id` go; who and where stay here.

    Only the orders service's own store keeps the customer (name, e-mail, phone), the delivery
    address and the card's last digits; consumers need none of them. The event id stays the same,
    so the published event and the stored one are still one event.
    """
    return replace(envelope, data=sem_dados_pessoais(envelope.data))
