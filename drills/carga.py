"""A small bounded load through the gateway: catalog reads, cart changes and checkouts."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field

import requests

from ferramentas.pilha import Pilha, corpo_de_pedido


@dataclass(frozen=True)
class Resposta:
    """One request of the load: when it started, what it was, its status (0: no answer)."""

    inicio: float
    tipo: str
    status: int
    json: bool = True
    pedido_id: str | None = None


@dataclass
class Carga:
    """Runs reads, cart changes and checkouts of one product at fixed rates until stopped."""

    pilha: Pilha
    produto_id: int
    leituras_por_s: float = 8.0
    checkouts_por_s: float = 2.0
    carrinhos_por_s: float = 1.0
    maximo: int = 2000
    respostas: list[Resposta] = field(default_factory=list)
    # Checkouts that got no clear answer (5xx, none): a careful client sends them again, same key.
    sem_resposta_clara: dict[str, dict[str, object]] = field(default_factory=dict)
    _parar: threading.Event = field(default_factory=threading.Event)
    _trava: threading.Lock = field(default_factory=threading.Lock)
    _threads: list[threading.Thread] = field(default_factory=list)

    def iniciar(self) -> None:
        """Start one thread per kind of request."""
        self.t0 = time.monotonic()
        for alvo, taxa in (
            (self._ler, self.leituras_por_s),
            (self._comprar, self.checkouts_por_s),
            (self._usar_carrinho, self.carrinhos_por_s),
        ):
            thread = threading.Thread(target=self._repetir, args=(alvo, taxa), daemon=True)
            thread.start()
            self._threads.append(thread)

    def parar(self) -> list[Resposta]:
        """Stop and return every response, in the order the requests started."""
        self._parar.set()
        for thread in self._threads:
            thread.join(timeout=30)
        return sorted(self.respostas, key=lambda r: r.inicio)

    def _repetir(self, alvo: object, taxa: float) -> None:
        intervalo = 1.0 / taxa
        while not self._parar.is_set() and len(self.respostas) < self.maximo:
            proximo = time.monotonic() + intervalo
            alvo()  # type: ignore[operator]
            self._parar.wait(max(0.0, proximo - time.monotonic()))

    def _pedir(self, tipo: str, metodo: str, caminho: str, **kwargs: object) -> dict[str, object]:
        """Send one request, record it; its JSON data ({} when there is none)."""
        inicio = time.monotonic()
        try:
            resposta = requests.request(metodo, f"{self.pilha.gateway}{caminho}", timeout=15, **kwargs)  # type: ignore[arg-type]
        except requests.RequestException:
            self._guardar(Resposta(inicio - self.t0, tipo, 0, json=False))
            return {}
        eh_json = resposta.headers.get("Content-Type", "").startswith("application/json")
        try:
            corpo = resposta.json() if eh_json else {}
        except ValueError:
            corpo, eh_json = {}, False
        dados: dict[str, object] = (
            corpo["data"] if isinstance(corpo, dict) and isinstance(corpo.get("data"), dict) else {}
        )
        aceito = tipo == "checkout" and resposta.status_code in (201, 202) and "id" in dados
        pedido = str(dados["id"]) if aceito else None
        self._guardar(Resposta(inicio - self.t0, tipo, resposta.status_code, eh_json, pedido))
        return dados

    def _guardar(self, resposta: Resposta) -> None:
        with self._trava:
            self.respostas.append(resposta)

    def _ler(self) -> None:
        self._pedir("leitura", "GET", "/api/produtos", params={"por_pagina": 5})
        self._pedir("leitura", "GET", f"/api/produtos/{self.produto_id}")

    def _comprar(self) -> None:
        corpo = corpo_de_pedido(self.produto_id, "exercicio@example.com")
        # Prefer: wait=0 answers at once: the saga runs on while the drill breaks things.
        chave = uuid.uuid4().hex
        headers = {"Idempotency-Key": chave, "Prefer": "wait=0"}
        if not self._pedir("checkout", "POST", "/api/pedidos", json=corpo, headers=headers):
            with self._trava:
                self.sem_resposta_clara[chave] = corpo

    def _usar_carrinho(self) -> None:
        sessao = self._pedir("carrinho", "POST", "/api/carrinho/sessao")
        if "session_id" in sessao:
            item = {"produto_id": self.produto_id, "quantidade": 1}
            self._pedir("carrinho", "POST", f"/api/carrinho/{sessao['session_id']}/adicionar", json=item)
