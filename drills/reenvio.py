"""The careful client: checkouts that got no clear answer are sent again until they get one."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import requests

from ferramentas.pilha import Pilha

from .carga import ACEITOS, DADOS_DE_CHECKOUT, CarrinhoDoExercicio, incerta


@dataclass
class Reenvio:
    """What sending again found: orders the unclear answers had made, and what stayed unclear."""

    recuperados: list[str] = field(default_factory=list)
    sem_solucao: int = 0
    reenviados: int = 0


def _postar(url: str, **kwargs: object) -> tuple[int, dict[str, object]]:
    try:
        resposta = requests.post(url, timeout=15, **kwargs)  # type: ignore[arg-type]
        corpo = resposta.json()
    except (requests.RequestException, ValueError):
        return 0, {}
    dados = corpo.get("data") if isinstance(corpo, dict) else None
    return resposta.status_code, dados if isinstance(dados, dict) else {}


def reenviar(
    pilha: Pilha,
    pedidos: dict[str, dict[str, object]],
    carrinhos: dict[str, CarrinhoDoExercicio],
    timeout_s: float = 60,
) -> Reenvio:
    """Send each unclear checkout again: direct ones with their Idempotency-Key, carts as they are.

    A 5xx may come after the order was committed (the database died before the answer): the key
    (the cart derives its own from the cart's version) makes the retry return that order instead
    of creating a second one. Whatever is still unclear at the deadline is counted, never dropped.
    """
    pendentes_diretos = dict(pedidos)
    pendentes_carrinhos = [s for s, c in carrinhos.items() if c.checkout_pendente]
    resultado = Reenvio(reenviados=len(pendentes_diretos) + len(pendentes_carrinhos))
    fim = time.monotonic() + timeout_s
    while (pendentes_diretos or pendentes_carrinhos) and time.monotonic() < fim:
        for chave, corpo in list(pendentes_diretos.items()):
            status, dados = _postar(
                f"{pilha.gateway}/api/pedidos", json=corpo, headers={"Idempotency-Key": chave}
            )
            if not incerta(status):
                del pendentes_diretos[chave]
                if status in ACEITOS and "id" in dados:
                    resultado.recuperados.append(str(dados["id"]))
        for session_id in list(pendentes_carrinhos):
            status, dados = _postar(
                f"{pilha.gateway}/api/carrinho/{session_id}/checkout", json=DADOS_DE_CHECKOUT
            )
            if not incerta(status):
                pendentes_carrinhos.remove(session_id)
                carrinhos[session_id].checkout_pendente = False
                if status in ACEITOS and "id" in dados:
                    carrinhos[session_id].pedido_id = str(dados["id"])
        if pendentes_diretos or pendentes_carrinhos:
            time.sleep(1.0)
    resultado.sem_solucao = len(pendentes_diretos) + len(pendentes_carrinhos)
    return resultado
