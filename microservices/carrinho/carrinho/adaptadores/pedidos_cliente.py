"""The cart's HTTP client of the orders service: creates a checkout's order and reads orders back."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import requests

from confeitaria_shared.auth import CABECALHO_PEDIDO, Autenticador
from confeitaria_shared.context import current_request_id

from ..dominio.erros import PedidoRecusadoError, PedidosIndisponivelError
from ..servicos.checkout import ESPERA_MAX_S

log = logging.getLogger(__name__)


@dataclass
class ClientePedidos:
    """Posts orders with the checkout's Idempotency-Key; reads them with each order's access token."""

    pedidos_url: str
    auth: Autenticador

    def criar(
        self, corpo: dict[str, Any], chave: str, prefer: str | None, autorizacao: str | None
    ) -> dict[str, Any]:
        """The order this key made (now or on an earlier try); its refusal as the same 4xx."""
        headers = {"Idempotency-Key": chave, "X-Request-ID": current_request_id() or ""}
        if prefer:
            headers["Prefer"] = prefer
        if autorizacao:
            headers["Authorization"] = autorizacao
        try:
            resposta = requests.post(
                f"{self.pedidos_url}/api/pedidos", json=corpo, headers=headers, timeout=(1, 5 + ESPERA_MAX_S)
            )
        except requests.RequestException as exc:
            log.warning("orders service unreachable", extra={"error": str(exc)})
            raise PedidosIndisponivelError() from None
        return self.pedido_criado(resposta)

    def pedido_criado(self, resposta: requests.Response) -> dict[str, Any]:
        """The order the orders service answered; its refusal as the same 4xx, never as unavailable."""
        try:
            corpo = resposta.json()
        except ValueError:
            corpo = {}
        corpo = corpo if isinstance(corpo, dict) else {}
        if resposta.status_code < 400 and isinstance(corpo.get("data"), dict):
            pedido: dict[str, Any] = corpo["data"]
            return pedido
        erro: dict[str, Any] = corpo["error"] if isinstance(corpo.get("error"), dict) else {}
        if erro.get("code") == "IDEMPOTENCY_KEY_REUTILIZADA" and erro.get("pedido_id"):
            # A checkout of this cart raced this one with other contents and won: the cart became
            # that order, and this checkout answers it instead of making a second one.
            return self.pedido(str(erro["pedido_id"]))
        if 400 <= resposta.status_code < 500:
            raise PedidoRecusadoError(
                resposta.status_code,
                erro.get("code", "PEDIDO_RECUSADO"),
                erro.get("message", "O serviço de pedidos recusou o pedido."),
            )
        raise PedidosIndisponivelError()

    def pedido(self, pedido_id: str) -> dict[str, Any]:
        """The order as it stands, read with its access token."""
        headers = {CABECALHO_PEDIDO: self.auth.acesso_do_pedido(pedido_id)}
        try:
            resposta = requests.get(
                f"{self.pedidos_url}/api/pedidos/{pedido_id}", headers=headers, timeout=(1, 5)
            )
            pedido: dict[str, Any] = resposta.json()["data"]
        except (requests.RequestException, ValueError, KeyError, TypeError):
            raise PedidosIndisponivelError(PedidosIndisponivelError.AO_LER) from None
        return pedido
