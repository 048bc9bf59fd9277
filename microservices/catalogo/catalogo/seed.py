"""The bakery's starting catalogue, loaded once and idempotently by the primary at start."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from .models import Categoria, Produto

CATEGORIAS = [
    (1, "Bolos", "Bolos inteiros e fatias, feitos no dia"),
    (2, "Doces", "Docinhos de festa e brigadeiros gourmet"),
    (3, "Tortas", "Tortas doces e salgadas"),
    (4, "Salgados", "Salgados assados e fritos"),
    (5, "Pães", "Pães de fermentação natural e do dia a dia"),
    (6, "Bebidas", "Cafés, chás e sucos"),
]

# (id, nome, categoria_id, preco, estoque, descricao)
PRODUTOS = [
    (1, "Bolo de Chocolate", 1, "45.90", 10, "Massa de cacau com recheio e cobertura de brigadeiro"),
    (2, "Bolo de Cenoura", 1, "38.50", 12, "Bolo de cenoura com cobertura de chocolate"),
    (3, "Bolo Red Velvet", 1, "62.00", 6, "Massa aveludada com creme de cream cheese"),
    (4, "Bolo de Fubá", 1, "29.90", 15, "Bolo caseiro de fubá com erva-doce"),
    (5, "Bolo de Limão", 1, "41.00", 8, "Massa de limão-siciliano com glacê"),
    (6, "Bolo Prestígio", 1, "54.90", 7, "Chocolate com recheio cremoso de coco"),
    (7, "Brigadeiro Gourmet", 2, "4.50", 120, "Brigadeiro de chocolate belga"),
    (8, "Beijinho", 2, "4.00", 100, "Docinho de coco com cravo"),
    (9, "Cajuzinho", 2, "4.00", 80, "Docinho de amendoim"),
    (10, "Bem-Casado", 2, "6.50", 60, "Pão de ló recheado com doce de leite"),
    (11, "Quindim", 2, "7.90", 40, "Gema, açúcar e coco, assado em banho-maria"),
    (12, "Pudim de Leite", 2, "12.00", 20, "Fatia de pudim de leite condensado"),
    (13, "Torta de Limão", 3, "49.90", 6, "Base crocante, creme de limão e merengue"),
    (14, "Torta Holandesa", 3, "58.00", 5, "Creme de baunilha, biscoito e ganache"),
    (15, "Torta de Morango", 3, "64.90", 4, "Creme de confeiteiro e morangos frescos"),
    (16, "Torta de Frango", 3, "42.00", 8, "Massa podre recheada com frango e catupiry"),
    (17, "Banoffee", 3, "52.00", 5, "Banana, doce de leite e chantilly"),
    (18, "Coxinha", 4, "7.50", 90, "Massa de batata com frango desfiado"),
    (19, "Empada de Palmito", 4, "8.00", 50, "Massa amanteigada com palmito"),
    (20, "Esfiha de Carne", 4, "6.90", 70, "Esfiha aberta de carne temperada"),
    (21, "Pastel de Queijo", 4, "8.50", 60, "Pastel frito recheado com muçarela"),
    (22, "Enroladinho de Salsicha", 4, "6.00", 45, "Massa de pão com salsicha"),
    (23, "Pão de Queijo", 5, "3.50", 200, "Pão de queijo mineiro com queijo canastra"),
    (24, "Pão Francês", 5, "0.90", 300, "O pãozinho de todo dia"),
    (25, "Pão de Fermentação Natural", 5, "24.00", 15, "Levain, 48 horas de fermentação"),
    (26, "Pão de Mel", 5, "6.00", 50, "Com doce de leite e cobertura de chocolate"),
    (27, "Broa de Milho", 5, "5.50", 40, "Broa de fubá com queijo"),
    (28, "Croissant", 5, "9.90", 35, "Massa folhada amanteigada"),
    (29, "Café Coado", 6, "5.00", 100, "Café especial coado na hora"),
    (30, "Suco de Laranja", 6, "8.00", 50, "Laranja espremida, 300 ml"),
    (31, "Chá Gelado de Hibisco", 6, "7.00", 40, "Hibisco com especiarias"),
]


def load_seed(session: Session) -> int:
    """Insert the seed rows that are missing; return how many products were added."""
    session.execute(
        insert(Categoria)
        .values([{"id": i, "nome": n, "descricao": d} for i, n, d in CATEGORIAS])
        .on_conflict_do_nothing()
    )
    added = session.execute(
        insert(Produto)
        .values(
            [
                {"id": i, "nome": n, "categoria_id": c, "preco": Decimal(p), "estoque": e, "descricao": d}
                for i, n, c, p, e, d in PRODUTOS
            ]
        )
        .on_conflict_do_nothing()
        .returning(Produto.id)
    ).all()
    novos = [row.id for row in added]
    if novos:
        # Opening movements, so each product's stock history starts complete.
        session.execute(
            sa.text(
                "INSERT INTO movimentos_estoque (produto_id, delta, estoque_resultante, motivo) "
                "SELECT id, estoque, estoque, 'inicial' FROM produtos WHERE id = ANY(:ids)"
            ),
            {"ids": novos},
        )
    # Explicit ids leave the sequences behind; move them past the seed.
    for table in ("categorias", "produtos"):
        session.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"GREATEST((SELECT MAX(id) FROM {table}), 1))"
            )
        )
    return len(added)
