"""Customer accounts: sign-up and login, with passwords hashed by werkzeug (scrypt)."""

from __future__ import annotations

import uuid
from functools import cache

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from confeitaria_shared.auth import Autenticador
from confeitaria_shared.errors import ApiError

from .models import Cliente
from .schemas import ClienteNovo, LoginCliente


@cache
def _hash_de_ninguem() -> str:
    # Checked when the e-mail has no account, so both answers cost the same hashing time.
    return generate_password_hash(uuid.uuid4().hex)


def cadastrar(session: Session, auth: Autenticador, novo: ClienteNovo) -> dict[str, object]:
    """Create the account, logged in at once (its token); 409 when the e-mail already has one."""
    cliente = Cliente(
        id=str(uuid.uuid4()),
        email=str(novo.email).lower(),
        nome=novo.nome,
        telefone=novo.telefone,
        senha_hash=generate_password_hash(novo.senha),
    )
    session.add(cliente)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise ApiError(409, "EMAIL_JA_CADASTRADO", "Este e-mail já tem uma conta; faça login.") from None
    return {**auth.emitir(cliente.id, "cliente"), "cliente": cliente.to_dict()}


def entrar(session: Session, auth: Autenticador, login: LoginCliente) -> dict[str, object]:
    """A customer token for the right e-mail and password; 401 otherwise, the same for either."""
    email = str(login.email).lower()
    conta = f"cliente:{email}"
    auth.tentativas.exigir_liberada(conta)
    cliente = session.execute(sa.select(Cliente).where(Cliente.email == email)).scalar_one_or_none()
    senha_hash = cliente.senha_hash if cliente is not None else _hash_de_ninguem()
    if not check_password_hash(senha_hash, login.senha) or cliente is None:
        auth.tentativas.falhou(conta)
        raise ApiError(401, "CREDENCIAIS_INVALIDAS", "E-mail ou senha inválidos.")
    auth.tentativas.acertou(conta)
    return {**auth.emitir(cliente.id, "cliente"), "cliente": cliente.to_dict()}


def perfil(session: Session, cliente_id: str) -> dict[str, object]:
    """The logged-in customer's account; 401 if it no longer exists."""
    cliente = session.get(Cliente, cliente_id)
    if cliente is None:
        raise ApiError(401, "NAO_AUTENTICADO", "Esta conta não existe mais; faça login de novo.")
    return cliente.to_dict()
