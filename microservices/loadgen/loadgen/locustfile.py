"""Customer journeys of the bakery: browse 10, view a product 5, view the cart 3, add 2, checkout 1.

Every request carries `X-Trafego-Sintetico: locust`. Users, spawn rate and think time come from
the environment (LOCUST_USERS, LOCUST_SPAWN_RATE, LOADGEN_PENSAR_MIN_S, LOADGEN_PENSAR_MAX_S).
"""

from __future__ import annotations

import os
import random
import uuid

from locust import HttpUser, between, task

SINTETICO = {"X-Trafego-Sintetico": "locust"}
BUSCAS = ("bolo", "pao de queijo", "torta", "brigadeiro", "coxinha")
CLIENTE = {"nome": "Cliente Sintético", "email": "locust@example.com", "telefone": "11 97777-6666"}
ENTREGA = {"endereco": "Rua das Flores, 10", "cidade": "São Paulo", "cep": "01000-000"}


class Cliente(HttpUser):
    """One customer: a cart of their own, browsing and now and then buying."""

    wait_time = between(
        float(os.environ.get("LOADGEN_PENSAR_MIN_S", "1")), float(os.environ.get("LOADGEN_PENSAR_MAX_S", "3"))
    )

    def on_start(self) -> None:
        """Open a cart and learn which products exist."""
        self.client.headers.update(SINTETICO)
        self.sessao = self.client.post("/api/carrinho/sessao").json()["data"]["session_id"]
        produtos = self.client.get("/api/produtos", params={"por_pagina": 50, "em_estoque": "true"}).json()
        self.produtos = [p["id"] for p in produtos.get("data", [])] or [1]
        self.no_carrinho = False

    @task(10)
    def navegar(self) -> None:
        """A catalog page: the first, a category, or a search."""
        escolha = random.choice(
            ({}, {"categoria_id": random.randint(1, 6)}, {"busca": random.choice(BUSCAS)})
        )
        self.client.get("/api/produtos", params=escolha, name="/api/produtos?[filtros]")

    @task(5)
    def ver_produto(self) -> None:
        """One product's page."""
        self.client.get(f"/api/produtos/{random.choice(self.produtos)}", name="/api/produtos/[id]")

    @task(3)
    def ver_carrinho(self) -> None:
        """The cart."""
        self.client.get(f"/api/carrinho/{self.sessao}", name="/api/carrinho/[sessao]")

    @task(2)
    def adicionar(self) -> None:
        """One unit of a product into the cart (a sold-out product is a normal 409)."""
        with self.client.post(
            f"/api/carrinho/{self.sessao}/adicionar",
            json={"produto_id": random.choice(self.produtos), "quantidade": 1},
            name="/api/carrinho/[sessao]/adicionar",
            catch_response=True,
        ) as resposta:
            if resposta.status_code in (200, 201):
                self.no_carrinho = True
            if resposta.status_code in (200, 201, 409):
                resposta.success()

    @task(1)
    def comprar(self) -> None:
        """Check the cart out and start a new one."""
        if not self.no_carrinho:
            return
        corpo = {"cliente": CLIENTE, "entrega": ENTREGA, "pagamento": {"metodo": "pix"}}
        with self.client.post(
            f"/api/carrinho/{self.sessao}/checkout",
            json=corpo,
            headers={"Idempotency-Key": uuid.uuid4().hex},
            name="/api/carrinho/[sessao]/checkout",
            catch_response=True,
        ) as resposta:
            # A 409 (sold out while in the cart) is the shop being right, not an error.
            if resposta.status_code in (200, 201, 202, 409):
                resposta.success()
        self.sessao = self.client.post("/api/carrinho/sessao").json()["data"]["session_id"]
        self.no_carrinho = False
