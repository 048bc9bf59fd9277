"""Personal data in event payloads: the fields that stay in the orders service's own store."""

from __future__ import annotations

from typing import Any

# Keys of an event's data that hold a person: who buys (name, e-mail, phone) and where to deliver.
# On the shared bus and in the events store these keys never carry anything: the customer is
# known there by the `cliente_id` reference only.
CHAVES_PESSOAIS = ("cliente", "entrega")
# Nested keys that identify a person's payment means: the card's last digits.
CAMINHOS_PESSOAIS = (("pagamento", "cartao_final"),)


def sem_dados_pessoais(dados: dict[str, Any]) -> dict[str, Any]:
    """A copy of an event's data without customer, delivery address and card digits (the rest as is)."""
    limpo = {chave: valor for chave, valor in dados.items() if chave not in CHAVES_PESSOAIS}
    for pai, filho in CAMINHOS_PESSOAIS:
        aninhado = limpo.get(pai)
        if isinstance(aninhado, dict) and filho in aninhado:
            limpo[pai] = {chave: valor for chave, valor in aninhado.items() if chave != filho}
    return limpo


def tem_dados_pessoais(dados: dict[str, Any]) -> bool:
    """Whether an event's data still carries any of the personal fields."""
    return sem_dados_pessoais(dados) != dados
