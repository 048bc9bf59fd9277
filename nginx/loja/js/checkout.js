// The checkout page: the customer's form with a message beside each field that is wrong, pix or
// card, then the order's page. The same rules as the API's (pedidos' schemas), checked here first
// so that the customer reads them in Portuguese; what the API still refuses is put beside its field.

import { lerCarrinho, finalizar } from "./carrinhos.js";
import { avisar, EMAIL, limparAviso, marcarCampo, marcarPronta, valor } from "./dom.js";
import { moeda } from "./formato.js";
import { clienteLogado, guardarAcesso } from "./sessao.js";
import { verificarCatalogo } from "./situacao.js";

// field id → [API field, rule, message]
const REGRAS = {
  nome: ["cliente.nome", (v) => v.length >= 1 && v.length <= 200, "Informe seu nome."],
  email: ["cliente.email", (v) => EMAIL.test(v), "Informe um e-mail válido, como ana@exemplo.com."],
  telefone: ["cliente.telefone", (v) => /^[0-9 ()+.-]{8,20}$/.test(v), "Informe um telefone com DDD, como 11 98888-7777."],
  endereco: ["entrega.endereco", (v) => v.length >= 3 && v.length <= 300, "Informe o endereço de entrega (rua e número)."],
  cidade: ["entrega.cidade", (v) => v.length <= 200, "Nome de cidade longo demais."],
  cep: ["entrega.cep", (v) => v === "" || /^\d{5}-?\d{3}$/.test(v), "Informe o CEP com 8 dígitos, como 01000-000."],
  "numero-cartao": ["pagamento.numero_cartao", (v) => /^\d{13,19}$/.test(v), "Informe o número do cartão: de 13 a 19 dígitos, sem espaços."],
};

function pagaComCartao() {
  return document.getElementById("cartao").checked;
}

/** Checks every field, marks the wrong ones; the id of the first wrong one, or null. */
function validar() {
  let primeiro = null;
  for (const [id, [, regra, mensagem]] of Object.entries(REGRAS)) {
    const ignorado = id === "numero-cartao" && !pagaComCartao();
    const errado = !ignorado && !regra(valor(id));
    marcarCampo(id, errado ? mensagem : "");
    if (errado && !primeiro) primeiro = id;
  }
  return primeiro;
}

function dadosDoFormulario() {
  const entrega = { endereco: valor("endereco") };
  if (valor("cidade")) entrega.cidade = valor("cidade");
  if (valor("cep")) entrega.cep = valor("cep");
  const pagamento = pagaComCartao() ? { metodo: "cartao", numero_cartao: valor("numero-cartao") } : { metodo: "pix" };
  return { cliente: { nome: valor("nome"), email: valor("email"), telefone: valor("telefone") }, entrega, pagamento };
}

/** The API's 422 names fields (`cliente.email`): each goes beside its input. */
function marcarErrosDaApi(erros) {
  let marcados = 0;
  for (const { campo } of erros ?? []) {
    const id = Object.keys(REGRAS).find((chave) => campo.startsWith(REGRAS[chave][0]));
    if (id) {
      marcarCampo(id, REGRAS[id][2]);
      marcados += 1;
    }
  }
  return marcados;
}

async function aoEnviar(evento) {
  evento.preventDefault();
  limparAviso();
  const errado = validar();
  if (errado) {
    avisar("Confira os campos marcados.");
    document.getElementById(errado).focus();
    return;
  }
  const botao = document.getElementById("pagar");
  botao.disabled = true;
  botao.textContent = "Enviando o pedido…";
  try {
    const pedido = await finalizar(dadosDoFormulario());
    if (pedido.token_de_acesso) guardarAcesso(pedido.id, pedido.token_de_acesso);
    location.assign(`/loja/pedido.html?id=${encodeURIComponent(pedido.id)}`);
  } catch (erro) {
    const marcados = erro.status === 422 ? marcarErrosDaApi(erro.erro.erros) : 0;
    avisar(marcados ? "Confira os campos marcados." : erro.message);
    botao.disabled = false;
    botao.textContent = "Fazer o pedido";
  }
}

function preencherComOCliente() {
  const cliente = clienteLogado();
  if (!cliente) return;
  document.getElementById("nome").value = cliente.nome ?? "";
  document.getElementById("email").value = cliente.email ?? "";
}

async function iniciar() {
  preencherComOCliente();
  for (const radio of document.querySelectorAll('input[name="metodo"]')) {
    radio.addEventListener("change", () => {
      document.getElementById("campo-cartao").hidden = !pagaComCartao();
    });
  }
  document.getElementById("checkout").addEventListener("submit", aoEnviar);
  try {
    const carrinho = await lerCarrinho();
    document.getElementById("total").textContent = moeda(carrinho?.total ?? 0);
    if (!carrinho || carrinho.itens.length === 0) {
      avisar("Seu carrinho está vazio: escolha produtos antes de finalizar.", "atencao");
      document.getElementById("pagar").disabled = true;
    }
  } catch (erro) {
    avisar(erro.message);
  }
  await verificarCatalogo();
  marcarPronta();
}

iniciar();
