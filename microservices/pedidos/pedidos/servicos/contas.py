"""Customer accounts: sign-up and login (passwords kept only as hashes), and the account itself."""

from __future__ import annotations

import uuid

from ..dominio.conta import Conta, ContaInexistenteError, CredenciaisInvalidasError, EmailJaCadastradoError
from .portas import Emissor, Senhas
from .unidade import UnidadeDePedidos


def cadastrar(
    uow: UnidadeDePedidos,
    emissor: Emissor,
    senhas: Senhas,
    nome: str,
    email: str,
    senha: str,
    telefone: str | None = None,
) -> dict[str, object]:
    """Create the account, logged in at once (its token); 409 when the e-mail already has one."""
    nova = Conta(str(uuid.uuid4()), email.lower(), nome, telefone, senhas.cifrar(senha))
    conta = uow.clientes.adicionar(nova)
    if conta is None:
        raise EmailJaCadastradoError()
    uow.commit()
    return {**emissor.emitir(conta.id, "cliente"), "cliente": conta.publica()}


def entrar(
    uow: UnidadeDePedidos, emissor: Emissor, senhas: Senhas, email: str, senha: str
) -> dict[str, object]:
    """A customer token for the right e-mail and password; 401 otherwise, the same for either."""
    email = email.lower()
    conta_de_login = f"cliente:{email}"
    emissor.tentativas.exigir_liberada(conta_de_login)
    conta = uow.clientes.por_email(email)
    # Checked even when the e-mail has no account, so both answers cost the same hashing time.
    if not senhas.confere(conta.senha_hash if conta else None, senha) or conta is None:
        emissor.tentativas.falhou(conta_de_login)
        raise CredenciaisInvalidasError()
    emissor.tentativas.acertou(conta_de_login)
    return {**emissor.emitir(conta.id, "cliente"), "cliente": conta.publica()}


def perfil(uow: UnidadeDePedidos, cliente_id: str) -> dict[str, object]:
    """The logged-in customer's account; 401 if it no longer exists."""
    conta = uow.clientes.obter(cliente_id)
    if conta is None:
        raise ContaInexistenteError()
    return conta.publica()
