"""Customer accounts in PostgreSQL, and their passwords hashed by werkzeug (scrypt)."""

from __future__ import annotations

import uuid
from functools import cache

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ..dominio.conta import Conta
from ..models import Cliente


def _conta(cliente: Cliente) -> Conta:
    return Conta(
        cliente.id,
        cliente.email,
        cliente.nome,
        cliente.telefone,
        cliente.senha_hash,
        cliente.criado_em.isoformat(),
    )


class RepositorioSqlDeClientes:
    """The `clientes` table, whose unique e-mail refuses a second account."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def adicionar(self, conta: Conta) -> Conta | None:
        """Insert the account and answer it as stored; None when its e-mail already has one."""
        cliente = Cliente(
            id=conta.id,
            email=conta.email,
            nome=conta.nome,
            telefone=conta.telefone,
            senha_hash=conta.senha_hash,
        )
        self.session.add(cliente)
        try:
            self.session.flush()
        except IntegrityError:
            return None
        return _conta(cliente)

    def por_email(self, email: str) -> Conta | None:
        """The account of an e-mail (stored lower-case)."""
        cliente = self.session.execute(sa.select(Cliente).where(Cliente.email == email)).scalar_one_or_none()
        return _conta(cliente) if cliente is not None else None

    def obter(self, cliente_id: str) -> Conta | None:
        """The account with this id."""
        cliente = self.session.get(Cliente, cliente_id)
        return _conta(cliente) if cliente is not None else None


@cache
def _hash_de_ninguem() -> str:
    return generate_password_hash(uuid.uuid4().hex)


class SenhasWerkzeug:
    """Passwords hashed with werkzeug's default (scrypt)."""

    def cifrar(self, senha: str) -> str:
        """The hash to keep instead of the password."""
        return generate_password_hash(senha)

    def confere(self, senha_hash: str | None, senha: str) -> bool:
        """Whether the password matches; with no hash, a stranger's is checked so the time is the same."""
        return check_password_hash(senha_hash or _hash_de_ninguem(), senha) and senha_hash is not None
