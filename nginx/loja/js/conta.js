// The account page: log in or sign up (pedidos' customer routes), then the customer's orders.
// Logging in (or signing up) moves the guest's cart into the customer's (carrinhos.js).

import { chamar } from "./api.js";
import { levarCarrinhoDeConvidado, lerCarrinho } from "./carrinhos.js";
import { atualizarCabecalho, avisar, EMAIL, el, limparAviso, marcarCampo, marcarPronta, valor } from "./dom.js";
import { moeda, textoDoStatus } from "./formato.js";
import { clienteLogado, esquecerClienteECarrinho, guardarCliente } from "./sessao.js";

/** The guest's lines into the customer's cart; what did not go is said in the page's message. */
async function levarCarrinho() {
  const { recusados, pendente } = await levarCarrinhoDeConvidado();
  await lerCarrinho().catch(() => {});
  if (pendente) {
    avisar("Não conseguimos levar seu carrinho para a sua conta agora; tentaremos de novo no próximo login.", "atencao");
  } else if (recusados.length) {
    avisar(`Não puderam ir para o seu carrinho (fora de venda ou sem estoque): ${recusados.join(", ")}.`, "atencao");
  }
}

async function entrarCom(caminho, corpo) {
  limparAviso();
  try {
    const { dados } = await chamar("POST", caminho, { corpo });
    guardarCliente(dados.token, dados.cliente ?? { email: corpo.email, nome: corpo.nome });
  } catch (erro) {
    avisar(erro.message);
    return;
  }
  await levarCarrinho();
  await mostrarConta();
}

function aoEntrar(evento) {
  evento.preventDefault();
  const errado = [
    marcarCampo("login-email", EMAIL.test(valor("login-email")) ? "" : "Informe o e-mail da sua conta."),
    marcarCampo("login-senha", valor("login-senha") ? "" : "Informe a senha."),
  ].some(Boolean);
  const senha = document.getElementById("login-senha").value;
  if (!errado) entrarCom("/api/clientes/login", { email: valor("login-email"), senha });
}

function aoCadastrar(evento) {
  evento.preventDefault();
  const senha = document.getElementById("cadastro-senha").value;
  const errado = [
    marcarCampo("cadastro-nome", valor("cadastro-nome") ? "" : "Informe seu nome."),
    marcarCampo("cadastro-email", EMAIL.test(valor("cadastro-email")) ? "" : "Informe um e-mail válido."),
    marcarCampo("cadastro-senha", senha.length >= 10 ? "" : "A senha precisa de 10 caracteres ou mais."),
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
  // The token is revoked at the API; the browser forgets it and the customer's cart id either way
  // (the cart stays the customer's at the API: nobody else can read it). The tab is a guest's again.
  await chamar("POST", "/api/auth/logout").catch(() => {});
  esquecerClienteECarrinho();
  atualizarCabecalho(0);
  await lerCarrinho().catch(() => {});
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
