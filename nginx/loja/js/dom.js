// Small helpers for building the pages: elements from data with textContent only, never innerHTML.

import { clienteLogado } from "./sessao.js";

/** el("a", {href: "/"}, "texto", outroElemento): attributes as given, children as text or nodes. */
export function el(tag, atributos = {}, ...filhos) {
  const elemento = document.createElement(tag);
  for (const [nome, valor] of Object.entries(atributos)) {
    if (valor === false || valor === null || valor === undefined) continue;
    elemento.setAttribute(nome, valor === true ? "" : String(valor));
  }
  for (const filho of filhos) {
    elemento.append(filho instanceof Node ? filho : document.createTextNode(String(filho)));
  }
  return elemento;
}

/** The page's one message (#aviso): "erro" (read at once by screen readers) or "ok". */
export function avisar(texto, tipo = "erro") {
  const aviso = document.getElementById("aviso");
  aviso.className = `aviso ${tipo}`;
  aviso.textContent = texto;
}

export function limparAviso() {
  document.getElementById("aviso").textContent = "";
}

/** A form field's value, trimmed. */
export function valor(id) {
  return document.getElementById(id).value.trim();
}

/** An e-mail as the API accepts it: something@something.something, no spaces. */
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Puts `mensagem` beside a field (#erro-<id>), "" clears it; true when the field is wrong. */
export function marcarCampo(id, mensagem) {
  document.getElementById(`erro-${id}`).textContent = mensagem;
  document.getElementById(id).setAttribute("aria-invalid", mensagem ? "true" : "false");
  return Boolean(mensagem);
}

export function parametro(nome) {
  return new URLSearchParams(location.search).get(nome);
}

/** The header's cart count and account link. */
export function atualizarCabecalho(quantidadeNoCarrinho) {
  if (quantidadeNoCarrinho !== undefined) {
    document.getElementById("itens-no-carrinho").textContent = String(quantidadeNoCarrinho);
  }
  const cliente = clienteLogado();
  document.getElementById("link-conta").textContent = cliente ? "Minha conta" : "Entrar";
}

/** Marks the page as drawn (tests and the < 1 s budget read it), with the time since navigation. */
export function marcarPronta() {
  document.body.dataset.pronta = String(Math.round(performance.now()));
}
