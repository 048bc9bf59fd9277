// The catalogue page (`/`): categories, filters, accent-insensitive search and pages of products.
// The filters live in the address (`/?busca=...&pagina=2`): a reload or a shared link shows the same.

import { chamar } from "./api.js";
import { adicionar, lerCarrinho } from "./carrinhos.js";
import { atualizarCabecalho, avisar, el, marcarPronta, parametro } from "./dom.js";
import { cartaoDoProduto } from "./vitrine.js";

const POR_PAGINA = 12;
const FILTROS = ["busca", "categoria_id", "preco_max", "em_estoque"];

function filtrosDoEndereco() {
  const filtros = {};
  for (const nome of FILTROS) {
    const valor = parametro(nome);
    if (valor) filtros[nome] = valor;
  }
  return filtros;
}

function preencherFormulario(filtros) {
  document.getElementById("busca").value = filtros.busca ?? "";
  document.getElementById("preco-max").value = filtros.preco_max ?? "";
  document.getElementById("em-estoque").checked = filtros.em_estoque === "true";
}

async function mostrarCategorias(escolhida) {
  const { dados } = await chamar("GET", "/api/categorias");
  const lista = document.getElementById("categoria");
  for (const categoria of dados) {
    const opcao = el("option", { value: categoria.id }, `${categoria.nome} (${categoria.quantidade_produtos})`);
    opcao.selected = String(categoria.id) === escolhida;
    lista.append(opcao);
  }
}

async function aoAdicionar(produto, botao) {
  botao.disabled = true;
  try {
    await adicionar(produto.id, 1);
    avisar(`${produto.nome} foi para o carrinho.`, "ok");
  } catch (erro) {
    avisar(erro.message);
  } finally {
    botao.disabled = false;
  }
}

function irParaPagina(pagina) {
  const consulta = new URLSearchParams(location.search);
  consulta.set("pagina", String(pagina));
  location.search = consulta.toString();
}

function mostrarPaginacao(pagina, total) {
  const paginas = Math.max(1, Math.ceil(total / POR_PAGINA));
  document.getElementById("pagina-atual").textContent = `Página ${pagina} de ${paginas}`;
  const anterior = document.getElementById("anterior");
  const proxima = document.getElementById("proxima");
  anterior.disabled = pagina <= 1;
  proxima.disabled = pagina >= paginas;
  anterior.onclick = () => irParaPagina(pagina - 1);
  proxima.onclick = () => irParaPagina(pagina + 1);
}

async function mostrarProdutos(filtros, pagina) {
  const consulta = new URLSearchParams({ ...filtros, pagina, por_pagina: POR_PAGINA });
  const { dados, total } = await chamar("GET", `/api/produtos?${consulta}`);
  const lista = document.getElementById("produtos");
  lista.replaceChildren(...dados.map((produto) => cartaoDoProduto(produto, aoAdicionar)));
  const resumo = total === 1 ? "1 produto encontrado." : `${total} produtos encontrados.`;
  document.getElementById("resumo").textContent = total ? resumo : "Nenhum produto encontrado com esses filtros.";
  mostrarPaginacao(pagina, total);
}

function aoFiltrar(evento) {
  evento.preventDefault();
  const dados = new FormData(evento.target);
  const consulta = new URLSearchParams();
  for (const [nome, valor] of dados) if (String(valor).trim()) consulta.set(nome, String(valor).trim());
  location.search = consulta.toString();
}

async function iniciar() {
  const filtros = filtrosDoEndereco();
  const pagina = Math.max(1, Number.parseInt(parametro("pagina") ?? "1", 10) || 1);
  preencherFormulario(filtros);
  document.getElementById("filtros").addEventListener("submit", aoFiltrar);
  atualizarCabecalho();
  try {
    await Promise.all([mostrarProdutos(filtros, pagina), mostrarCategorias(filtros.categoria_id)]);
  } catch (erro) {
    avisar(erro.message);
  }
  marcarPronta();
  lerCarrinho().catch(() => {});
}

iniciar();
