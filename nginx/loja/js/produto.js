// A product's page: photo placeholder, description, price, honest stock and "add to cart".

import { chamar } from "./api.js";
import { adicionar, lerCarrinho } from "./carrinhos.js";
import { atualizarCabecalho, avisar, marcarPronta, parametro } from "./dom.js";
import { moeda, textoDoEstoque } from "./formato.js";

function mostrar(produto) {
  document.title = `${produto.nome} · Confeitaria`;
  document.getElementById("nome").textContent = produto.nome;
  document.getElementById("descricao").textContent = produto.descricao ?? "";
  document.getElementById("preco").textContent = moeda(produto.preco);
  const estoque = document.getElementById("estoque");
  estoque.textContent = produto.ativo ? textoDoEstoque(produto.estoque) : "Este produto não está mais à venda.";
  estoque.classList.toggle("esgotado", !produto.ativo || produto.estoque <= 0);
  const botao = document.getElementById("botao-adicionar");
  botao.disabled = !produto.ativo || produto.estoque <= 0;
}

async function aoAdicionar(evento, produto) {
  evento.preventDefault();
  const quantidade = Number.parseInt(document.getElementById("quantidade").value, 10);
  if (!(quantidade >= 1)) {
    avisar("Escolha uma quantidade de 1 ou mais.");
    return;
  }
  try {
    await adicionar(produto.id, quantidade);
    avisar(`${produto.nome} foi para o carrinho.`, "ok");
  } catch (erro) {
    avisar(erro.message);
  }
}

async function iniciar() {
  atualizarCabecalho();
  const id = parametro("id");
  try {
    if (!/^[0-9]+$/.test(id ?? "")) throw new Error("Produto não encontrado.");
    const { dados: produto } = await chamar("GET", `/api/produtos/${id}`);
    mostrar(produto);
    document.getElementById("adicionar").addEventListener("submit", (evento) => aoAdicionar(evento, produto));
  } catch (erro) {
    document.getElementById("nome").textContent = "Produto indisponível";
    document.getElementById("botao-adicionar").disabled = true;
    avisar(erro.message);
  }
  document.getElementById("produto").setAttribute("aria-busy", "false");
  marcarPronta();
  lerCarrinho().catch(() => {});
}

iniciar();
