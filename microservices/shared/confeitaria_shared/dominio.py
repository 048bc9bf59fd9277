"""The errors a domain rule raises: plain exceptions with a stable code, no HTTP in sight.

The edge (errors.py) maps each kind to its status once; domain and service modules raise these and
never the API's own `ApiError`, so a rule reads the same called from a route, a worker or a test.
"""

from __future__ import annotations

from typing import Any


class DominioError(Exception):
    """A rule said no: a stable code for programs, a message for people, details for both."""

    def __init__(self, codigo: str, mensagem: str, **detalhes: Any) -> None:
        super().__init__(mensagem)
        self.codigo = codigo
        self.mensagem = mensagem
        self.detalhes = detalhes


class NaoEncontradoError(DominioError):
    """The thing asked for does not exist (or is not the caller's to know about)."""


class ConflitoError(DominioError):
    """The request collides with the thing's current state: a status, a version, a unique name."""


class RecusadoError(DominioError):
    """Well-formed, but a rule refuses it: an empty cart, an unknown category, a reused key."""


class InvalidoError(DominioError):
    """Malformed beyond what the schema checks: a cursor or an id that does not parse."""


class NaoAutenticadoError(DominioError):
    """Who calls is not known: wrong credentials."""


class ProibidoError(DominioError):
    """Who calls is known, and may not do this."""


class VersaoAusenteError(DominioError):
    """A change must say which version it read, and did not."""


class VersaoDivergenteError(DominioError):
    """The version the caller read (as a precondition) is not the current one."""


class IndisponivelError(DominioError):
    """A service or store this use case needs does not answer; `retry_after_s` says when to retry."""
