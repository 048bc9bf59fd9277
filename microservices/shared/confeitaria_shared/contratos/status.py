"""An order's statuses, as the orders service answers them and the cart and the events service read them."""

from __future__ import annotations

from typing import Final

PENDENTE: Final = "PENDENTE"
CONFIRMADO: Final = "CONFIRMADO"
CANCELADO: Final = "CANCELADO"
EM_PREPARO: Final = "EM_PREPARO"
SAIU_PARA_ENTREGA: Final = "SAIU_PARA_ENTREGA"
ENTREGUE: Final = "ENTREGUE"

TODOS: Final = (PENDENTE, CONFIRMADO, CANCELADO, EM_PREPARO, SAIU_PARA_ENTREGA, ENTREGUE)
# Where a checkout ends: its saga is over (confirmed, or cancelled), or staff already moved it on.
FINAIS_DO_CHECKOUT: Final = frozenset({CONFIRMADO, CANCELADO, EM_PREPARO, SAIU_PARA_ENTREGA, ENTREGUE})
# Staff moves a confirmed order along these steps, in this order.
PASSOS_DA_EQUIPE: Final = (EM_PREPARO, SAIU_PARA_ENTREGA, ENTREGUE)
