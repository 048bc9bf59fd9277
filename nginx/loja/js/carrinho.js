// The cart page: each line with its quantity, subtotal and the API's flags (price changed,
// unavailable), and the total. Every change goes to the cart API, which answers the new cart.

import { lerCarrinho, mudarQuantidade, remover } from "./carrinhos.js";
import { avisar, el, limparAviso, marcarPronta } from "./dom.js";
import { moeda } from "./formato.js";
import { verificarCatalogo } from "./situacao.js";

function selos(item) {
  const lista = [];
  if (!item.disponivel) lista.push(el("span", { class: "selo erro" }, "Indisponível: fora do total"));
  if (item.preco_alterado) {
    const antes = moeda(item.preco_quando_adicionado);
    const agora = moeda(item.preco_unitario);
    lista.push(el("span", { class: "selo atencao" }, `Preço mudou (era ${antes}, agora ${agora})`));
  }
  return lista;
}

async function aplicar(operacao) {
  limparAviso();
  try {
    mostrar(await operacao());
  } catch (erro) {
    avisar(erro.message);
  }
}

function linha(item) {
  const campo = `quantidade-${item.produto_id}`;
  const quantidade = el("input", {
    type: "number", id: campo, min: 0, max: 99, value: item.quantidade, inputmode: "numeric",
  });
  quantidade.addEventListener("change", () =>
    aplicar(() => mudarQuantidade(item.produto_id, Number.parseInt(quantidade.value, 10) || 0)),
  );
  const rotulo = `Remover ${item.nome}`;
  const botao = el("button", { type: "button", class: "secundario remover", "aria-label": rotulo }, "Remover");
  botao.addEventListener("click", () => aplicar(() => remover(item.produto_id)));
  const produto = el("a", { href: `/loja/produto.html?id=${item.produto_id}` }, item.nome);
  return el(
    "tr",
    { "data-produto": item.produto_id },
    el("td", {}, produto, el("br"), moeda(item.preco_unitario), " cada ", ...selos(item)),
    // Quantity and "Remover" share a cell: three columns fit a phone's width.
    el("td", { class: "quantidade" }, el("label", { for: campo, class: "pular" }, `Quantidade de ${item.nome}`), quantidade, botao),
    el("td", { class: "subtotal" }, moeda(item.subtotal)),
  );
}

function mostrar(carrinho) {
  const itens = carrinho?.itens ?? [];
  document.querySelector("#itens tbody").replaceChildren(...itens.map(linha));
  document.getElementById("itens").hidden = itens.length === 0;
  document.getElementById("vazio").hidden = itens.length > 0;
  document.getElementById("total").textContent = moeda(carrinho?.total ?? 0);
  document.getElementById("ir-para-checkout").hidden = itens.length === 0;
  if (carrinho?.estado !== "ABERTO" && carrinho?.pedido_id) {
    avisar("Este carrinho está virando um pedido agora; veja o pedido para acompanhar.", "atencao");
  }
}

async function iniciar() {
  try {
    mostrar(await lerCarrinho());
  } catch (erro) {
    mostrar(null);
    avisar(erro.message);
  }
  // Reading a cart never asks the catalog: one cheap read tells whether buying may fail now.
  await verificarCatalogo();
  marcarPronta();
}

iniciar();
