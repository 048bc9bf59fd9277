"""Running one drill: load, break, restore, settle, measure, check the invariants."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

import requests

from ferramentas.pilha import Pilha

from .armazens import Armazens, Marca
from .carga import Carga, Resposta
from .exercicios import Exercicio
from .invariantes import Invariante, verificar
from .papeis import aplicar, lider_e_linha, resolver
from .topologia import lideres_mantidos, voltou_como_replica, voltou_como_standby

TIPOS = ("leitura", "carrinho", "checkout", "checkout-carrinho")


def falhou(resposta: Resposta) -> bool:
    """A request the user saw fail: no answer, or a 5xx."""
    return resposta.status == 0 or resposta.status >= 500


def maior_janela_de_falhas(respostas: list[Resposta]) -> float:
    """Longest time from a failed request to the next one that succeeded (or the last one)."""
    maior, inicio, ultima = 0.0, None, None
    for resposta in respostas:
        if falhou(resposta):
            inicio = resposta.inicio if inicio is None else inicio
            ultima = resposta.inicio
        elif inicio is not None:
            maior, inicio = max(maior, resposta.inicio - inicio), None
    if inicio is not None and ultima is not None:
        maior = max(maior, ultima - inicio)
    return maior


@dataclass
class Relatorio:
    """What a drill did and what it found."""

    exercicio: Exercicio
    respostas: list[Resposta]
    quebrado_em_s: float
    restaurado_em_s: float
    saudavel_apos_s: float
    invariantes: list[Invariante]
    escrita_apos_s: float | None = None
    finais_apos_restauro_s: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether every invariant held."""
        return all(i.ok for i in self.invariantes)

    def por_tipo(self, tipo: str) -> list[Resposta]:
        """The responses of one kind of request, in order."""
        return [r for r in self.respostas if r.tipo == tipo]

    def falhas(self, tipo: str) -> int:
        """How many requests of a kind failed."""
        return sum(1 for r in self.por_tipo(tipo) if falhou(r))

    def janela(self, tipo: str) -> float:
        """The longest failure window of a kind of request, in seconds."""
        return maior_janela_de_falhas(self.por_tipo(tipo))

    def texto(self) -> str:
        """The report as printed by `make drill-<name>`."""
        linhas = [
            f"exercício {self.exercicio.nome}: {self.exercicio.descricao}",
            f"quebrado em t={self.quebrado_em_s:.1f} s, restaurado em t={self.restaurado_em_s:.1f} s, "
            f"saudável {self.saudavel_apos_s:.1f} s depois",
            f"todo pedido final (ou a espera esgotada) {self.finais_apos_restauro_s:.1f} s depois da "
            "restauração (conferido depois de 5 s de carga)",
            f"requisições: {len(self.respostas)}",
        ]
        for tipo in TIPOS:
            respostas = self.por_tipo(tipo)
            status = Counter(r.status for r in respostas)
            resumo = ", ".join(f"{s or 'sem resposta'}×{n}" for s, n in sorted(status.items()))
            linhas.append(
                f"  {tipo:17} {len(respostas):4}  {resumo}  maior janela de falhas: {self.janela(tipo):.1f} s"
            )
            # Which errors they were, and when: a rare one must say enough to be found again.
            linhas += [
                f"    t={r.inicio:.1f} s: {r.status} {r.erro or '(sem envelope)'}"
                for r in respostas
                if r.status >= 500 or r.status == 0
            ][:10]
        if self.exercicio.escreve_durante:
            quando = (
                "nunca" if self.escrita_apos_s is None else f"{self.escrita_apos_s:.1f} s depois da quebra"
            )
            linhas.append(f"escrita no catálogo com a falha: aceita {quando}")
        linhas.append("invariantes:")
        linhas += [f"  [{'ok' if i.ok else 'FALHOU'}] {i.nome}: {i.detalhe}" for i in self.invariantes]
        return "\n".join(linhas)


def executar(
    pilha: Pilha, exercicio: Exercicio, antes_s: float = 3.0, depois_s: float = 5.0, estoque: int = 25
) -> Relatorio:
    """Run the load, break the part after antes_s, restore it, then check everything."""
    produto_id = pilha.criar_produto("exercício", estoque)
    armazens = Armazens(pilha)
    marca = armazens.marca()
    lideres_antes = {cluster: lider_e_linha(pilha, cluster) for cluster in exercicio.lideres_fixos}
    carga = Carga(pilha, produto_id)
    carga.iniciar()
    try:
        time.sleep(antes_s)
        # Roles (`@primario:pedidos`) name the container that holds them now, once for the whole drill.
        papeis = resolver(pilha, exercicio.nomes())
        quebra = _quebrar_e_restaurar(pilha, exercicio, papeis, produto_id, carga.t0)
        saudavel = pilha.esperar_saudaveis(*(papeis.get(s, s) for s in exercicio.aguardar))
        time.sleep(depois_s)
        respostas = carga.parar()
        medidas: dict[str, float] = {}
        invariantes = verificar(armazens, marca, produto_id, estoque, carga, respostas, medidas)
    finally:
        carga.parar()
        _arrumar(pilha, exercicio, armazens, marca)
    if lideres_antes:
        invariantes.append(lideres_mantidos(pilha, lideres_antes))
    invariantes += [
        voltou_como_standby(pilha, papel, papeis[papel]) for papel in exercicio.volta_como_standby
    ]
    invariantes += [
        voltou_como_replica(pilha, papel, papeis[papel]) for papel in exercicio.volta_como_replica
    ]
    if exercicio.escreve_durante:
        invariantes.append(escrita_guardada(pilha, produto_id, quebra.escrita_apos_s))
    finais_apos = medidas["todos_finais"] - carga.t0 - quebra.restaurado_em_s
    return Relatorio(
        exercicio,
        respostas,
        quebra.quebrado_em_s,
        quebra.restaurado_em_s,
        saudavel,
        invariantes,
        quebra.escrita_apos_s,
        max(0.0, finais_apos),
    )


@dataclass(frozen=True)
class Quebra:
    """When the part was broken and restored (seconds into the load), and when a write got through."""

    quebrado_em_s: float
    restaurado_em_s: float
    escrita_apos_s: float | None


def _quebrar_e_restaurar(
    pilha: Pilha, exercicio: Exercicio, papeis: dict[str, str], produto_id: int, t0: float
) -> Quebra:
    quebrado = time.monotonic() - t0
    escrita_apos_s = None
    inicio_da_quebra = time.monotonic()
    try:
        for comando in exercicio.quebrar:
            pilha.compose(*aplicar(papeis, comando))
        # Counted from the moment the part is broken: each `docker compose kill` takes a second or two.
        time.sleep(exercicio.escreve_apos_s)
        prazo_s = exercicio.duracao_s - exercicio.escreve_apos_s
        if exercicio.escreve_durante and escrever_ate_conseguir(pilha, produto_id, prazo_s):
            escrita_apos_s = time.monotonic() - inicio_da_quebra
        time.sleep(max(0.0, exercicio.duracao_s - (time.monotonic() - inicio_da_quebra)))
    finally:
        restaurado = time.monotonic() - t0
        for comando in exercicio.restaurar:
            pilha.compose(*aplicar(papeis, comando))
    return Quebra(quebrado, restaurado, escrita_apos_s)


def _arrumar(pilha: Pilha, exercicio: Exercicio, armazens: Armazens, marca: Marca) -> None:
    """Leave the stack as the drill found it, even when a check raised."""
    for comando in exercicio.arrumar:
        pilha.compose(*comando)
    if exercicio.arrumar:
        pilha.esperar_saudaveis(*exercicio.aguardar, *{c[1] for c in exercicio.arrumar if c[0] == "start"})
    if exercicio.reprocessar_mortos:
        _reprocessar_mortos(pilha, armazens, marca)


def _reprocessar_mortos(pilha: Pilha, armazens: Armazens, marca: Marca, prazo_s: float = 60) -> None:
    """Send the drill's dead letters back until none has come for a few passes in a row.

    An entry already delivered its last time may still reach the dead letters after the cause
    was removed: the quiet passes give it the time to arrive and be sent back too.
    """
    fim, quietas = time.monotonic() + prazo_s, 0
    while quietas < 4 and time.monotonic() < fim:
        mortos = armazens.mortos_desde(marca)
        for morto in mortos:
            url = f"{pilha.gateway}/api/eventos/dlq/{morto.entrada}/reprocessar"
            requests.post(url, headers=pilha.staff, timeout=10).raise_for_status()
        quietas = 0 if mortos else quietas + 1
        time.sleep(2)


PRECO_ESCRITO = "11.00"


def escrever_ate_conseguir(pilha: Pilha, produto_id: int, prazo_s: float) -> bool:
    """Change the drill product's price until the catalog accepts it (False: not within prazo_s)."""
    inicio = time.monotonic()
    headers = pilha.staff
    while time.monotonic() - inicio < prazo_s:
        try:
            versao = pilha.get(f"/api/produtos/{produto_id}").json()["data"]["versao"]
            resposta = requests.put(
                f"{pilha.gateway}/api/produtos/{produto_id}",
                json={"preco": PRECO_ESCRITO, "versao": versao},
                headers=headers,
                timeout=10,
            )
            if resposta.status_code == 200:
                return True
        except (requests.RequestException, ValueError, KeyError):
            pass
        time.sleep(0.5)
    return False


def escrita_guardada(pilha: Pilha, produto_id: int, escrita_apos_s: float | None) -> Invariante:
    """The write accepted during the failure is still there after the stack was put back."""
    preco = pilha.get(f"/api/produtos/{produto_id}").json()["data"]["preco"]
    ok = escrita_apos_s is not None and f"{float(preco):.2f}" == PRECO_ESCRITO
    return Invariante(
        "a escrita aceita durante a falha não se perdeu",
        ok,
        f"preço escrito {PRECO_ESCRITO}, lido agora {preco}",
    )
