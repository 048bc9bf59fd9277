"""What the services agree on: the checkout data, the event types with their payloads, the order statuses."""

from .checkout import Cliente, DadosDeCheckout, Entrega, Fechado, Pagamento, Texto

__all__ = ["Cliente", "DadosDeCheckout", "Entrega", "Fechado", "Pagamento", "Texto"]
