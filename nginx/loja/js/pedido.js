// An order's page: its live situation, items and total, and "cancel" while it is allowed.
// Live means polled: GET /api/pedidos/{id} every 1.5 s while the saga decides (PENDENTE), every
// 10 s after (the staff's steps), stopping at an end (CANCELADO, ENTREGUE). Only the order's owner
// opens it: the customer's token, or a guest's X-Pedido-Token kept from checkout (docs/LOJA.md).

import { chamar } from "./api.js";
import { lerCarrinho } from "./carrinhos.js";
import { atualizarCabecalho, avisar, el, limparAviso, marcarPronta, parametro } from "./dom.js";
import { dataHora, explicacaoDoStatus, moeda, textoDoStatus } from "./formato.js";
import { acessoDoPedido } from "./sessao.js";

const CANCELAVEIS = new Set(["PENDENTE", "CONFIRMADO"]);
const FINAIS = new Set(["CANCELADO", "ENTREGUE"]);
const id = parametro("id") ?? "";
let espera = null;

function cabecalhos() {
  const acesso = acessoDoPedido(id);
  return acesso ? { "X-Pedido-Token": acesso } : {};
}

// An order cancelled before its reservation has no names or prices (they come from the catalog's
// reservation): the names are read from the catalog, once per product and page.
const nomes = new Map();

function nomeDoCatalogo(produtoId, celula) {
  if (!nomes.has(produtoId)) {
    nomes.set(produtoId, chamar("GET", `/api/produtos/${produtoId}`).then(({ dados }) => dados.nome));
  }
  nomes.get(produtoId).then((nome) => { celula.textContent = nome; }).catch(() => {});
}

function linha(item) {
  const preco = item.preco_unitario === undefined ? "—" : moeda(item.preco_unitario);
  const nome = el("td", {}, item.nome ?? `Produto nº ${item.produto_id}`);
  if (!item.nome) nomeDoCatalogo(item.produto_id, nome);
  return el("tr", {}, nome, el("td", {}, item.quantidade), el("td", {}, preco));
}

function textoDoTotal(pedido) {
  if (pedido.total !== null) return moeda(pedido.total);
  return pedido.status === "PENDENTE" ? "calculando…" : "nada cobrado";
}

function mostrar(pedido) {
  const status = document.getElementById("status");
  status.textContent = textoDoStatus(pedido.status);
  status.className = `status ${pedido.status}`;
  document.body.dataset.status = pedido.status;
  document.getElementById("explicacao").textContent = explicacaoDoStatus(pedido);
  document.getElementById("atualizado").textContent = `Atualizado às ${dataHora(new Date().toISOString())}`;
  document.querySelector("#itens tbody").replaceChildren(...pedido.itens.map(linha));
  document.getElementById("total").textContent = textoDoTotal(pedido);
  document.getElementById("pagamento").textContent = pedido.pagamento_metodo === "pix" ? "Pix" : "Cartão de crédito";
  document.getElementById("numero").textContent = pedido.id;
  document.getElementById("cancelar").hidden = !CANCELAVEIS.has(pedido.status);
  document.getElementById("pedido").setAttribute("aria-busy", "false");
}

async function acompanhar() {
  clearTimeout(espera);
  let status = "PENDENTE";
  try {
    const { dados } = await chamar("GET", `/api/pedidos/${encodeURIComponent(id)}`, { cabecalhos: cabecalhos() });
    mostrar(dados);
    status = dados.status;
  } catch (erro) {
    avisar(erro.message);
    if (erro.status === 404 || erro.status === 400) return;
  }
  if (!FINAIS.has(status)) espera = setTimeout(acompanhar, status === "PENDENTE" ? 1500 : 10000);
}

async function cancelar() {
  limparAviso();
  const botao = document.getElementById("cancelar");
  botao.disabled = true;
  try {
    // The answer is only the id and the new status: the page reads the whole order again.
    await chamar("POST", `/api/pedidos/${encodeURIComponent(id)}/cancelar`, { cabecalhos: cabecalhos() });
    avisar("Pedido cancelado.", "ok");
    await acompanhar();
  } catch (erro) {
    avisar(erro.message);
  } finally {
    botao.disabled = false;
  }
}

async function iniciar() {
  atualizarCabecalho();
  document.getElementById("cancelar").addEventListener("click", cancelar);
  await acompanhar();
  marcarPronta();
  lerCarrinho().catch(() => {});
}

iniciar();
