"""A small client of the public API for end-to-end tests."""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

import requests

from tests.support import compose

STAFF = {"usuario": "admin", "senha": "confeitaria"}
# What a browser's reload sends: the gateway's 1-second micro-cache is skipped, the catalog answers.
SEM_CACHE = {"Cache-Control": "no-cache"}


@cache
def staff_token() -> str:
    """A staff token from the gateway's login endpoint (the compose stack's dev credentials)."""
    response = requests.post(f"{compose.gateway_url()}/api/auth/login", json=STAFF, timeout=10)
    response.raise_for_status()
    return str(response.json()["data"]["token"])


def staff() -> dict[str, str]:
    """Headers of a staff request."""
    return {"Authorization": f"Bearer {staff_token()}"}


SENHA_DE_CLIENTE = "senha-de-cliente-123"


def novo_cliente() -> tuple[dict[str, str], dict[str, Any]]:
    """A new customer account (signing up logs in): the headers of its requests, and the account."""
    corpo = {
        "nome": "Cliente de Teste",
        "email": f"cliente-{uuid.uuid4().hex[:12]}@example.com",
        "senha": SENHA_DE_CLIENTE,
    }
    # Straight to the orders service: through the gateway, sign-ups share the strict login limit.
    response = requests.post(f"{compose.service_url('PEDIDOS_PORT')}/api/clientes", json=corpo, timeout=10)
    assert response.status_code == 201, response.text
    dados = response.json()["data"]
    return {"Authorization": f"Bearer {dados['token']}"}, dict(dados["cliente"])


@cache
def token_de_cliente() -> str:
    """One customer's token for the whole session."""
    return novo_cliente()[0]["Authorization"].removeprefix("Bearer ")


def cliente() -> dict[str, str]:
    """Headers of a customer request."""
    return {"Authorization": f"Bearer {token_de_cliente()}"}


def acesso(pedido: dict[str, Any]) -> dict[str, str]:
    """Headers that open a guest's order: its access token, as checkout answered it."""
    return {"X-Pedido-Token": str(pedido["token_de_acesso"])}


def novo_produto(estoque: int = 10, preco: str = "12.50", categoria_id: int = 1) -> dict[str, Any]:
    """Create a product with a unique name; return it as the API answered."""
    corpo = {
        "nome": f"Produto de teste {uuid.uuid4().hex[:10]}",
        "descricao": "criado por um teste",
        "preco": preco,
        "estoque": estoque,
        "categoria_id": categoria_id,
    }
    response = requests.post(f"{compose.gateway_url()}/api/produtos", json=corpo, headers=staff(), timeout=10)
    assert response.status_code == 201, response.text
    produto: dict[str, Any] = response.json()["data"]
    return produto


def corpo_de_pedido(
    itens: list[tuple[int, int]], metodo: str = "pix", numero_cartao: str | None = None
) -> dict[str, Any]:
    """A valid order body for the given (produto_id, quantidade) items."""
    pagamento: dict[str, Any] = {"metodo": metodo}
    if numero_cartao:
        pagamento["numero_cartao"] = numero_cartao
    return {
        "itens": [{"produto_id": p, "quantidade": q} for p, q in itens],
        "cliente": {"nome": "Cliente de Teste", "email": "teste@example.com", "telefone": "11 98888-7777"},
        "entrega": {"endereco": "Rua das Flores, 10", "cidade": "São Paulo", "cep": "01000-000"},
        "pagamento": pagamento,
    }


def checkout(
    itens: list[tuple[int, int]], espera_s: int = 10, chave: str | None = None, **pagamento: Any
) -> requests.Response:
    """POST /api/pedidos through the gateway, waiting up to espera_s for the final state."""
    headers = {"Idempotency-Key": chave or uuid.uuid4().hex, "Prefer": f"wait={espera_s}"}
    return requests.post(
        f"{compose.gateway_url()}/api/pedidos",
        json=corpo_de_pedido(itens, **pagamento),
        headers=headers,
        timeout=60,
    )


def estoque(produto_id: int) -> int:
    """The product's current stock, fresh from the catalog (not the gateway's micro-cache)."""
    url = f"{compose.gateway_url()}/api/produtos/{produto_id}/estoque"
    response = requests.get(url, headers=SEM_CACHE, timeout=10)
    return int(response.json()["data"]["estoque"])


def nova_sessao() -> str:
    """A new cart session id."""
    response = requests.post(f"{compose.gateway_url()}/api/carrinho/sessao", timeout=10)
    return str(response.json()["data"]["session_id"])


def adicionar(session_id: str, produto_id: int, quantidade: int) -> requests.Response:
    """Add units of a product to a cart through the gateway."""
    return requests.post(
        f"{compose.gateway_url()}/api/carrinho/{session_id}/adicionar",
        json={"produto_id": produto_id, "quantidade": quantidade},
        timeout=30,
    )


def carrinho(session_id: str) -> dict[str, Any]:
    """The cart as the API shows it."""
    return dict(requests.get(f"{compose.gateway_url()}/api/carrinho/{session_id}", timeout=10).json()["data"])


def dados_de_checkout(metodo: str = "pix", numero_cartao: str | None = None) -> dict[str, Any]:
    """Customer, delivery and payment of a checkout."""
    corpo = corpo_de_pedido([], metodo, numero_cartao)
    del corpo["itens"]
    return corpo
