"""The orders service's settings, read from the environment at start."""

from __future__ import annotations

import os
from dataclasses import dataclass

from confeitaria_shared.config import ConfigError, env_int, env_secret


@dataclass(frozen=True)
class PedidosSettings:
    """Database, where the catalog answers, the saga's timeout and the simulated provider's rules."""

    database_url: str
    catalogo_urls: tuple[str, ...]
    timeout_pendente_s: int
    taxa_recusa: float

    @classmethod
    def from_env(cls) -> PedidosSettings:
        """Read DATABASE_URL, CATALOGO_URLS, PEDIDO_TIMEOUT_S and PAGAMENTO_TAXA_RECUSA."""
        raw_taxa = os.environ.get("PAGAMENTO_TAXA_RECUSA", "0")
        try:
            taxa = float(raw_taxa)
        except ValueError:
            raise ConfigError(f"PAGAMENTO_TAXA_RECUSA must be a number, got {raw_taxa!r}") from None
        if not 0 <= taxa <= 1:
            raise ConfigError("PAGAMENTO_TAXA_RECUSA must be between 0 and 1")
        urls = os.environ.get("CATALOGO_URLS", "http://catalogo:5000,http://catalogo-replica:5000")
        return cls(
            database_url=env_secret("DATABASE_URL"),
            catalogo_urls=tuple(url.strip().rstrip("/") for url in urls.split(",") if url.strip()),
            timeout_pendente_s=env_int("PEDIDO_TIMEOUT_S", 120, minimum=5),
            taxa_recusa=taxa,
        )
