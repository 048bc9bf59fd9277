"""Customer accounts' use cases on in-memory fakes: sign-up, login, the account."""

from __future__ import annotations

import pytest

from confeitaria_shared.dominio import ConflitoError, NaoAutenticadoError
from pedidos.servicos.contas import cadastrar, entrar, perfil
from tests.support.fakes_pedidos import ContaBloqueadaError, EmissorFake, SenhasFake, UnidadeFake

SENHA = "uma senha longa"


@pytest.fixture
def uow() -> UnidadeFake:
    return UnidadeFake()


def cadastrada(uow: UnidadeFake, email: str = "Ana@Example.com") -> dict[str, object]:
    return cadastrar(uow, EmissorFake(), SenhasFake(), "Ana", email, SENHA, "11 99999-0000")


def test_a_sign_up_creates_the_account_logged_in_and_keeps_only_the_password_s_hash(uow: UnidadeFake) -> None:
    resposta = cadastrada(uow)

    [conta] = uow.clientes.contas.values()
    assert conta.email == "ana@example.com" and conta.senha_hash == f"hash:{SENHA}"
    assert resposta == {
        "token": f"cliente:{conta.id}",
        "expira_em": "2026-12-01T00:00:00+00:00",
        "cliente": {
            "id": conta.id,
            "email": "ana@example.com",
            "nome": "Ana",
            "telefone": "11 99999-0000",
            "criado_em": uow.clientes.CRIADO_EM,
        },
    }
    assert uow.commits == 1


def test_a_second_account_for_one_e_mail_is_refused_whatever_its_case(uow: UnidadeFake) -> None:
    cadastrada(uow)

    with pytest.raises(ConflitoError) as caught:
        cadastrada(uow, "ANA@example.com")

    assert caught.value.codigo == "EMAIL_JA_CADASTRADO"
    assert caught.value.mensagem == "Este e-mail já tem uma conta; faça login."
    assert len(uow.clientes.contas) == 1 and uow.commits == 1


def test_the_right_password_logs_the_customer_in_and_clears_the_wrong_tries(uow: UnidadeFake) -> None:
    cadastrada(uow)
    emissor = EmissorFake()

    resposta = entrar(uow, emissor, SenhasFake(), "ANA@example.com", SENHA)

    [conta] = uow.clientes.contas.values()
    assert resposta["token"] == f"cliente:{conta.id}"
    assert resposta["cliente"] == conta.publica()
    assert emissor.tentativas.acertos == ["cliente:ana@example.com"]


@pytest.mark.parametrize(("email", "senha"), [("ana@example.com", "errada!!!!"), ("zoe@example.com", SENHA)])
def test_a_wrong_password_and_an_unknown_e_mail_get_the_same_401_after_the_same_check(
    uow: UnidadeFake, email: str, senha: str
) -> None:
    cadastrada(uow)
    emissor, senhas = EmissorFake(), SenhasFake()

    with pytest.raises(NaoAutenticadoError) as caught:
        entrar(uow, emissor, senhas, email, senha)

    assert (caught.value.codigo, caught.value.mensagem) == (
        "CREDENCIAIS_INVALIDAS",
        "E-mail ou senha inválidos.",
    )
    assert len(senhas.conferidas) == 1  # hashed even without an account: the time says nothing
    assert emissor.tentativas.falhas == [f"cliente:{email}"]


def test_an_account_waiting_after_wrong_passwords_is_refused_before_any_check(uow: UnidadeFake) -> None:
    cadastrada(uow)
    emissor, senhas = EmissorFake(), SenhasFake()
    emissor.tentativas.bloqueadas.add("cliente:ana@example.com")

    with pytest.raises(ContaBloqueadaError):
        entrar(uow, emissor, senhas, "ana@example.com", SENHA)

    assert senhas.conferidas == []


def test_the_account_is_shown_to_its_owner_without_the_hash(uow: UnidadeFake) -> None:
    cadastrada(uow)
    [conta] = uow.clientes.contas.values()

    assert perfil(uow, conta.id) == conta.publica()
    assert "senha_hash" not in conta.publica()


def test_a_token_of_an_account_that_no_longer_exists_is_401(uow: UnidadeFake) -> None:
    with pytest.raises(NaoAutenticadoError) as caught:
        perfil(uow, "22222222-2222-2222-2222-222222222222")

    assert caught.value.codigo == "NAO_AUTENTICADO"
    assert caught.value.mensagem == "Esta conta não existe mais; faça login de novo."
