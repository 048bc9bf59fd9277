// The account page: log in or sign up (pedidos' customer routes), then the customer's orders.

import { chamar } from "./api.js";
import { atualizarCabecalho, avisar, el, limparAviso, marcarPronta } from "./dom.js";
import { moeda, textoDoStatus } from "./formato.js";
import { clienteLogado, esquecerCarrinho, esquecerCliente, guardarCliente } from "./sessao.js";

function marcar(id, mensagem) {
  document.getElementById(`erro-${id}`).textContent = mensagem;
  document.getElementById(id).setAttribute("aria-invalid", mensagem ? "true" : "false");
  return Boolean(mensagem);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function valor(id) {
  return document.getElementById(id).value.trim();
}

async function entrarCom(caminho, corpo) {
  limparAviso();
  try {
    const { dados } = await chamar("POST", caminho, { corpo });
    guardarCliente(dados.token, dados.cliente ?? { email: corpo.email, nome: corpo.nome });
    await mostrarConta();
  } catch (erro) {
    avisar(erro.message);
  }
}

function aoEntrar(evento) {
  evento.preventDefault();
  const errado = [
    marcar("login-email", EMAIL.test(valor("login-email")) ? "" : "Informe o e-mail da sua conta."),
    marcar("login-senha", valor("login-senha") ? "" : "Informe a senha."),
  ].some(Boolean);
  const senha = document.getElementById("login-senha").value;
  if (!errado) entrarCom("/api/clientes/login", { email: valor("login-email"), senha });
}

function aoCadastrar(evento) {
  evento.preventDefault();
  const senha = document.getElementById("cadastro-senha").value;
  const errado = [
    marcar("cadastro-nome", valor("cadastro-nome") ? "" : "Informe seu nome."),
    marcar("cadastro-email", EMAIL.test(valor("cadastro-email")) ? "" : "Informe um e-mail válido."),
    marcar("cadastro-senha", senha.length >= 10 ? "" : "A senha precisa de 10 caracteres ou mais."),
  ].some(Boolean);
  if (!errado) entrarCom("/api/clientes", { nome: valor("cadastro-nome"), email: valor("cadastro-email"), senha });
}

function linha(pedido) {
  const endereco = `/loja/pedido.html?id=${encodeURIComponent(pedido.id)}`;
  const link = el("a", { href: endereco }, `Pedido ${pedido.id.slice(0, 8)}`);
  const total = pedido.total === null ? "—" : moeda(pedido.total);
  const status = el("td", { class: "status-do-pedido" }, textoDoStatus(pedido.status));
  return el("tr", { "data-pedido": pedido.id }, el("td", {}, link), status, el("td", {}, total));
}

async function mostrarConta() {
  const cliente = clienteLogado();
  atualizarCabecalho();
  document.getElementById("fora").hidden = Boolean(cliente);
  document.getElementById("dentro").hidden = !cliente;
  if (!cliente) return;
  document.getElementById("nome-cliente").textContent = cliente.nome ?? cliente.email;
  try {
    const { dados } = await chamar("GET", "/api/clientes/eu/pedidos");
    document.querySelector("#meus-pedidos tbody").replaceChildren(...dados.map(linha));
    document.getElementById("sem-pedidos").hidden = dados.length > 0;
  } catch (erro) {
    avisar(erro.message);
    if (!clienteLogado()) await mostrarConta();
  }
}

async function sair() {
  // The token is revoked at the API; the browser forgets it (and the cart it owned) either way.
  await chamar("POST", "/api/auth/logout").catch(() => {});
  esquecerCliente();
  esquecerCarrinho();
  atualizarCabecalho(0);
  await mostrarConta();
}

async function iniciar() {
  document.getElementById("entrar").addEventListener("submit", aoEntrar);
  document.getElementById("cadastrar").addEventListener("submit", aoCadastrar);
  document.getElementById("sair").addEventListener("click", sair);
  await mostrarConta();
  marcarPronta();
}

iniciar();
