"""What a drill promises to keep serving, and the check of a drill's report against it."""

from __future__ import annotations

from dataclasses import dataclass, field

from drills.execucao import Relatorio

TODOS = ("leitura", "carrinho", "checkout", "checkout-carrinho")


@dataclass(frozen=True)
class Promessa:
    """Kinds of request that must never fail during the drill, and bounds on the others' outage."""

    sem_erro: tuple[str, ...] = TODOS
    janela_max_s: dict[str, float] = field(default_factory=dict)
    # For drills that write to the catalog while the part is broken: the write is accepted within this.
    escrita_max_s: float | None = None


def conferir(relatorio: Relatorio, promessa: Promessa) -> None:
    """Assert that every invariant held and the drill kept what it promised."""
    assert relatorio.ok, relatorio.texto()
    for tipo in promessa.sem_erro:
        # Catalog reads must not even answer a 4xx; the others may (409: the drill's stock ran out).
        limite = 400 if tipo == "leitura" else 500
        erros = [r.status for r in relatorio.por_tipo(tipo) if r.status == 0 or r.status >= limite]
        assert not erros, f"{tipo}: {erros}\n{relatorio.texto()}"
    for tipo, janela_max_s in promessa.janela_max_s.items():
        assert relatorio.janela(tipo) <= janela_max_s, relatorio.texto()
    if promessa.escrita_max_s is not None:
        escrita = relatorio.escrita_apos_s
        assert escrita is not None and escrita <= promessa.escrita_max_s, relatorio.texto()
