"""The drills of the failure table: what each one breaks, how it restores it, for how long."""

from __future__ import annotations

from dataclasses import dataclass

Comando = tuple[str, ...]


@dataclass(frozen=True)
class Exercicio:
    """One drill: `docker compose` commands that break a part, and the ones that restore it."""

    nome: str
    descricao: str
    quebrar: tuple[Comando, ...]
    restaurar: tuple[Comando, ...]
    aguardar: tuple[str, ...]
    duracao_s: float = 10.0
    # Run after the checks, to leave the stack as the drill found it.
    arrumar: tuple[Comando, ...] = ()
    # Whether a catalog write must succeed while the part is broken (and survive everything after).
    escreve_durante: bool = False
    # Whether putting the stack back sends the drill's dead letters back to the stream (staff API).
    reprocessar_mortos: bool = False
    # Failover topology (docker-compose.ha.yml): Patroni clusters whose leader must not change...
    lideres_fixos: tuple[str, ...] = ()
    # ...and roles (`@primario:<cluster>`) whose holder at the break must rejoin as a standby...
    volta_como_standby: tuple[str, ...] = ()
    # ...or (`@mestre:<name>`) as a Redis replica.
    volta_como_replica: tuple[str, ...] = ()
    # How long after the part is broken the catalog write is first tried (escreve_durante): past
    # the leader key's TTL, a write proves the leader still leads.
    escreve_apos_s: float = 0.0

    def nomes(self) -> tuple[str, ...]:
        """Every service or role the drill's commands and waits name."""
        comandos = (*self.quebrar, *self.restaurar, *self.arrumar)
        return (
            *self.aguardar,
            *(parte for comando in comandos for parte in comando),
            *self.volta_como_standby,
        )


def sql(no: str, banco: str, comando: str) -> Comando:
    """Run one SQL command with psql in one of the stack's PostgreSQL containers."""
    return (
        "exec",
        "-T",
        no,
        "psql",
        "-U",
        "confeitaria",
        "-d",
        banco,
        "-v",
        "ON_ERROR_STOP=1",
        "-Atc",
        comando,
    )


# A payment can no longer be recorded: every EstoqueReservado fails in the orders worker until it is
# dead-lettered. NOT VALID leaves the rows already there alone.
_SEM_TRANSACOES = "ALTER TABLE transacoes ADD CONSTRAINT sabotagem_do_exercicio CHECK (false) NOT VALID"
_COM_TRANSACOES = "ALTER TABLE transacoes DROP CONSTRAINT IF EXISTS sabotagem_do_exercicio"


EXERCICIOS = {
    e.nome: e
    for e in (
        Exercicio(
            "catalogo",
            "o app do catálogo parado: as leituras seguem pelo app da réplica (backup no gateway)",
            (("stop", "catalogo"),),
            (("start", "catalogo"),),
            ("catalogo",),
        ),
        Exercicio(
            "catalogo-db",
            "o banco primário do catálogo parado: leituras do standby, escritas 503 até ele voltar",
            (("stop", "catalogo-db"),),
            (("start", "catalogo-db"),),
            ("catalogo-db",),
        ),
        Exercicio(
            "replica",
            "o standby do catálogo parado: ninguém percebe, ele alcança o primário ao voltar",
            (("stop", "catalogo-db-replica"),),
            (("start", "catalogo-db-replica"),),
            ("catalogo-db-replica",),
        ),
        Exercicio(
            "event-bus",
            "o barramento de eventos parado por 30 s: checkouts aceitos, a saga termina quando ele volta",
            (("stop", "event-bus"),),
            (("start", "event-bus"),),
            ("event-bus",),
            duracao_s=30.0,
        ),
        Exercicio(
            "carrinho-redis",
            "o Redis do carrinho reiniciado: carrinhos guardados (AOF), 503 honesto enquanto ele volta",
            (("restart", "carrinho-redis"),),
            (),
            ("carrinho-redis",),
            duracao_s=0.0,
        ),
        Exercicio(
            "pedidos-worker",
            "o worker de pedidos morto no meio dos checkouts: outro processo retoma as entradas pendentes",
            (("kill", "pedidos-worker"),),
            (("start", "pedidos-worker"),),
            ("pedidos-worker",),
            duracao_s=5.0,
        ),
        Exercicio(
            "catalogo-worker",
            "o worker do catálogo morto no meio dos checkouts: as reservas seguem depois, uma vez cada",
            (("kill", "catalogo-worker"),),
            (("start", "catalogo-worker"),),
            ("catalogo-worker",),
            duracao_s=5.0,
        ),
        Exercicio(
            "pedidos-db",
            "o banco de pedidos parado: checkouts 503 honestos, nada aceito se perde",
            (("stop", "pedidos-db"),),
            (("start", "pedidos-db"),),
            ("pedidos-db",),
        ),
        Exercicio(
            "catalogo-pausado",
            "o app do catálogo pausado (travado, não morto): o gateway desiste em 3 s e usa o backup",
            (("pause", "catalogo"),),
            (("unpause", "catalogo"),),
            ("catalogo",),
        ),
    )
}


# The drills of automatic failover: run against the failover topology (docker-compose.ha.yml). Each
# names the role it breaks (`@primario:<cluster>`: whichever member leads it now; `@mestre:<name>`:
# the Redis master the sentinels name, drills/sentinela.py).
EXERCICIOS_HA = {
    e.nome: e
    for e in (
        Exercicio(
            "catalogo-primario",
            "o primário do catálogo morto: o Patroni promove o standby, as escritas voltam sozinhas, as "
            "leituras nunca falham, o antigo volta como standby",
            (("kill", "@primario:catalogo"),),
            (("start", "@primario:catalogo"),),
            ("@primario:catalogo",),
            duracao_s=25.0,
            escreve_durante=True,
            volta_como_standby=("@primario:catalogo",),
        ),
        Exercicio(
            "pedidos-primario",
            "o primário dos pedidos morto no meio dos checkouts: replicação síncrona, nenhum pedido "
            "aceito se perde, o antigo volta como standby",
            (("kill", "@primario:pedidos"),),
            (("start", "@primario:pedidos"),),
            ("@primario:pedidos",),
            duracao_s=25.0,
            volta_como_standby=("@primario:pedidos",),
        ),
        Exercicio(
            "pedidos-primario-pausado",
            "o primário dos pedidos congelado (pause): o mesmo que morto, e ao descongelar ele volta como "
            "standby sem aceitar escrita (sem split brain)",
            (("pause", "@primario:pedidos"),),
            (("unpause", "@primario:pedidos"),),
            ("@primario:pedidos",),
            duracao_s=25.0,
            volta_como_standby=("@primario:pedidos",),
        ),
        Exercicio(
            "catalogo-primario-pausado",
            "o primário do catálogo congelado (pause): as escritas voltam no novo primário, e o antigo, "
            "descongelado, volta como standby",
            (("pause", "@primario:catalogo"),),
            (("unpause", "@primario:catalogo"),),
            ("@primario:catalogo",),
            duracao_s=25.0,
            escreve_durante=True,
            volta_como_standby=("@primario:catalogo",),
        ),
        Exercicio(
            "etcd-um",
            "um membro do etcd morto: nada acontece (os outros dois são quórum), nenhum failover",
            (("kill", "etcd-1"),),
            (("start", "etcd-1"),),
            ("etcd-1",),
            duracao_s=20.0,
            escreve_durante=True,
            escreve_apos_s=15.0,
            lideres_fixos=("catalogo", "pedidos"),
        ),
        Exercicio(
            "etcd-dois",
            "dois membros do etcd mortos (sem quórum): nenhum failover, as escritas seguem no primário atual "
            "(failsafe do Patroni)",
            (("kill", "etcd-1"), ("kill", "etcd-2")),
            (("start", "etcd-1"), ("start", "etcd-2")),
            ("etcd-1", "etcd-2"),
            duracao_s=25.0,
            escreve_durante=True,
            escreve_apos_s=15.0,
            lideres_fixos=("catalogo", "pedidos"),
        ),
        Exercicio(
            "event-bus-mestre",
            "o mestre do barramento morto sob carga: o Sentinel promove a réplica em segundos, os checkouts "
            "seguem aceitos, cada evento chega uma vez ao armazém, o antigo mestre volta como réplica",
            (("kill", "@mestre:barramento"),),
            (("start", "@mestre:barramento"),),
            ("event-bus", "event-bus-replica"),
            duracao_s=10.0,
            volta_como_replica=("@mestre:barramento",),
        ),
    )
}


# Drills that break the saga on purpose and leave it broken while the invariants are checked: each
# must FAIL. They prove the invariants can see a stalled saga (tests/e2e/test_drills.py).
SABOTAGENS = {
    e.nome: e
    for e in (
        Exercicio(
            "sabotagem-saga-parada",
            "o worker do catálogo parado o exercício inteiro: nenhuma reserva, a saga não anda (deve falhar)",
            (("stop", "catalogo-worker"),),
            (),
            ("catalogo",),
            arrumar=(("start", "catalogo-worker"),),
        ),
        Exercicio(
            "sabotagem-eventos-mortos",
            "o banco de pedidos recusa transações: todo EstoqueReservado vai para a fila de mortos "
            "(deve falhar)",
            (sql("pedidos-db", "pedidos", _SEM_TRANSACOES),),
            (),
            ("pedidos-db",),
            arrumar=(sql("pedidos-db", "pedidos", _COM_TRANSACOES),),
            # Otherwise the orders service never applies those reservations while the events store
            # has them: its read model and the replayed one would differ for good.
            reprocessar_mortos=True,
        ),
    )
}
