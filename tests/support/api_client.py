"""A small client of the public API for end-to-end tests."""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

import requests

from tests.support import compose

STAFF = {"usuario": "admin", "senha": "confeitaria"}


@cache
def staff_token() -> str:
    """A staff token from the gateway's login endpoint (the compose stack's dev credentials)."""
    response = requests.post(f"{compose.gateway_url()}/api/auth/login", json=STAFF, timeout=10)
    response.raise_for_status()
    return str(response.json()["data"]["token"])


def staff() -> dict[str, str]:
    """Headers of a staff request."""
    return {"Authorization": f"Bearer {staff_token()}"}


def cliente() -> dict[str, str]:
    """Headers of a customer request."""
    response = requests.post(
        f"{compose.gateway_url()}/api/auth/cliente", json={"email": "cliente@example.com"}, timeout=10
    )
    return {"Authorization": f"Bearer {response.json()['data']['token']}"}


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
