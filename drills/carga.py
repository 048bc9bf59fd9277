"""A small bounded load through the gateway: catalog reads, cart changes and checkouts."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field

import requests

from ferramentas.pilha import Pilha, corpo_de_pedido

# A cart's checkout carries everything of an order but its items, which come from the cart.
DADOS_DE_CHECKOUT = {
    chave: valor for chave, valor in corpo_de_pedido(0, "carrinho@example.com").items() if chave != "itens"
}


@dataclass(frozen=True)
class Resposta:
    """One request of the load: when it started, what it was, its status (0: no answer)."""

    inicio: float
    tipo: str
    status: int
    json: bool = True
    pedido_id: str | None = None
    erro: str | None = None  # the error envelope's code, when it failed with one


CHECKOUTS = ("checkout", "checkout-carrinho")
# A checkout's answer that acknowledges an order: created (201), accepted (202), or already final (200).
ACEITOS = frozenset({200, 201, 202})


def incerta(status: int) -> bool:
    """No answer or a 5xx: the request may or may not have taken effect."""
    return status == 0 or status >= 500


@dataclass
class CarrinhoDoExercicio:
    """One cart the load opened: its adds as answered, and the order its checkout made."""

    adicoes_certas: int = 0
    adicoes_incertas: int = 0
    checkout_pendente: bool = False
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
    carrinhos: dict[str, CarrinhoDoExercicio] = field(default_factory=dict)
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

    def _pedir(self, tipo: str, metodo: str, caminho: str, **kwargs: object) -> tuple[int, dict[str, object]]:
        """Send one request, record it; its status (0: no answer) and JSON data ({} when there is none)."""
        inicio = time.monotonic()
        try:
            resposta = requests.request(metodo, f"{self.pilha.gateway}{caminho}", timeout=15, **kwargs)  # type: ignore[arg-type]
        except requests.RequestException:
            self._guardar(Resposta(inicio - self.t0, tipo, 0, json=False))
            return 0, {}
        eh_json = resposta.headers.get("Content-Type", "").startswith("application/json")
        try:
            corpo = resposta.json() if eh_json else {}
        except ValueError:
            corpo, eh_json = {}, False
        dados: dict[str, object] = (
            corpo["data"] if isinstance(corpo, dict) and isinstance(corpo.get("data"), dict) else {}
        )
        aceito = tipo in CHECKOUTS and resposta.status_code in ACEITOS and "id" in dados
        pedido = str(dados["id"]) if aceito else None
        erro = corpo.get("error") if isinstance(corpo, dict) else None
        codigo = str(erro.get("code")) if isinstance(erro, dict) else None
        self._guardar(Resposta(inicio - self.t0, tipo, resposta.status_code, eh_json, pedido, codigo))
        return resposta.status_code, dados

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
        status, _ = self._pedir("checkout", "POST", "/api/pedidos", json=corpo, headers=headers)
        if incerta(status):
            with self._trava:
                self.sem_resposta_clara[chave] = corpo

    def _usar_carrinho(self) -> None:
        """A customer's journey: a cart, one unit of the product, then the cart's checkout."""
        _, sessao = self._pedir("carrinho", "POST", "/api/carrinho/sessao")
        if "session_id" not in sessao:
            return
        session_id = str(sessao["session_id"])
        carrinho = self.carrinhos.setdefault(session_id, CarrinhoDoExercicio())
        item = {"produto_id": self.produto_id, "quantidade": 1}
        status, _ = self._pedir("carrinho", "POST", f"/api/carrinho/{session_id}/adicionar", json=item)
        if incerta(status):
            carrinho.adicoes_incertas += 1
        if status != 200:
            return
        carrinho.adicoes_certas += 1
        status, pedido = self._pedir(
            "checkout-carrinho",
            "POST",
            f"/api/carrinho/{session_id}/checkout",
            json=DADOS_DE_CHECKOUT,
            headers={"Prefer": "wait=0"},
        )
        if status in ACEITOS and "id" in pedido:
            carrinho.pedido_id = str(pedido["id"])
        carrinho.checkout_pendente = incerta(status)
