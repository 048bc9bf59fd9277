// One product as a card of the catalogue page, with its own "add to cart" button.

import { el } from "./dom.js";
import { moeda, textoDoEstoque } from "./formato.js";

/** The card of a product; `aoAdicionar(produto, botao)` runs when its button is pressed. */
export function cartaoDoProduto(produto, aoAdicionar) {
  const endereco = `/loja/produto.html?id=${encodeURIComponent(produto.id)}`;
  const esgotado = produto.estoque <= 0;
  const botao = el(
    "button",
    { type: "button", class: "adicionar", "aria-label": `Adicionar ${produto.nome} ao carrinho`, disabled: esgotado },
    esgotado ? "Esgotado" : "Adicionar",
  );
  botao.addEventListener("click", () => aoAdicionar(produto, botao));
  return el(
    "li",
    { class: "produto", "data-produto": produto.id },
    // The picture is a placeholder: its meaning is the name beside it, so screen readers skip it.
    el("img", { src: "/loja/img/produto.svg", alt: "", width: 160, height: 120, loading: "lazy" }),
    el(
      "div",
      {},
      el("h2", {}, el("a", { href: endereco }, produto.nome)),
      el("p", { class: "preco" }, moeda(produto.preco)),
      el("p", { class: esgotado ? "estoque esgotado" : "estoque" }, textoDoEstoque(produto.estoque)),
      botao,
    ),
  );
}
