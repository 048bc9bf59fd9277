"""A customer account: who they are, and their password kept only as its hash."""

from __future__ import annotations

from dataclasses import dataclass

from confeitaria_shared.dominio import ConflitoError, NaoAutenticadoError


class EmailJaCadastradoError(ConflitoError):
    """The e-mail already has an account (409)."""

    def __init__(self) -> None:
        super().__init__("EMAIL_JA_CADASTRADO", "Este e-mail já tem uma conta; faça login.")


class CredenciaisInvalidasError(NaoAutenticadoError):
    """Wrong e-mail or password, the same answer for either (401)."""

    def __init__(self) -> None:
        super().__init__("CREDENCIAIS_INVALIDAS", "E-mail ou senha inválidos.")


class ContaInexistenteError(NaoAutenticadoError):
    """A valid token whose account was removed (401)."""

    def __init__(self) -> None:
        super().__init__("NAO_AUTENTICADO", "Esta conta não existe mais; faça login de novo.")


@dataclass(frozen=True)
class Conta:
    """A customer account; `criado_em` is set by the store."""

    id: str
    email: str
    nome: str
    telefone: str | None
    senha_hash: str
    criado_em: str | None = None

    def publica(self) -> dict[str, object]:
        """The account as its owner sees it (never the hash)."""
        return {
            "id": self.id,
            "email": self.email,
            "nome": self.nome,
            "telefone": self.telefone,
            "criado_em": self.criado_em,
        }
