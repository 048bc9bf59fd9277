// The cart through the cart API: one session id kept in the browser (the guest's, or the logged-in
// customer's: sessao.js), opened on demand. A cart opened with the customer's token is theirs, and
// only a customer's cart makes a customer's order, so login moves the guest's lines into it.

import { chamar, ErroDaApi } from "./api.js";
import { atualizarCabecalho } from "./dom.js";
import {
  esquecerCarrinho,
  esquecerCarrinhoDeConvidado,
  guardarCarrinho,
  idDoCarrinho,
  idDoCarrinhoDeConvidado,
} from "./sessao.js";

async function abrirSessao() {
  const { dados } = await chamar("POST", "/api/carrinho/sessao");
  guardarCarrinho(dados.session_id);
  return dados.session_id;
}

function semSessao(erro) {
  // Expired (24 h unused) or discarded: a new cart, not an error for the customer. The guest's key
  // never holds a customer's cart, so this 404 is never "not yours" (which would forget a cart
  // that the customer's other tabs still use).
  return erro instanceof ErroDaApi && erro.codigo === "SESSAO_NAO_ENCONTRADA";
}

/** The cart as the API shows it, or null when there is none yet. */
export async function lerCarrinho() {
  const id = idDoCarrinho();
  if (!id) return null;
  try {
    const { dados } = await chamar("GET", `/api/carrinho/${id}`);
    atualizarCabecalho(dados.quantidade_itens);
    return dados;
  } catch (erro) {
    if (!semSessao(erro)) throw erro;
    esquecerCarrinho(id);
    return null;
  }
}

async function naSessao(operacao) {
  const id = idDoCarrinho() ?? (await abrirSessao());
  try {
    return await operacao(id);
  } catch (erro) {
    if (!semSessao(erro)) throw erro;
    return operacao(await abrirSessao());
  }
}

async function alterar(metodo, sufixo, corpo) {
  const { dados } = await naSessao((id) => chamar(metodo, `/api/carrinho/${id}${sufixo}`, { corpo }));
  atualizarCabecalho(dados.quantidade_itens);
  return dados;
}

export function adicionar(produtoId, quantidade) {
  return alterar("POST", "/adicionar", { produto_id: produtoId, quantidade });
}

export function mudarQuantidade(produtoId, quantidade) {
  return alterar("PUT", `/itens/${produtoId}`, { quantidade });
}

export function remover(produtoId) {
  return alterar("DELETE", `/itens/${produtoId}`);
}

/** Checkout: the order, waiting up to 10 s for its fate (the cart API's limit). */
export async function finalizar(dados) {
  const id = idDoCarrinho();
  const { dados: pedido } = await chamar("POST", `/api/carrinho/${id}/checkout`, {
    corpo: dados,
    cabecalhos: { Prefer: "wait=10" },
  });
  return pedido;
}

/** A refusal that will not change by trying again (the product is gone, not enough stock...). */
function recusaDefinitiva(erro) {
  return erro instanceof ErroDaApi && erro.status >= 400 && erro.status < 500 && erro.status !== 429;
}

/**
 * Right after login or sign-up: each line of the guest's cart goes into the customer's cart with
 * its quantity (opened with the token, so the order it becomes is the customer's), then the guest's
 * cart is discarded. A line that the cart API refuses (product no longer sold, not enough stock)
 * stays out and is named in `recusados`; when the API is out (`pendente`), what was not moved yet
 * stays in the guest's cart for the next login.
 */
export async function levarCarrinhoDeConvidado() {
  const resultado = { movidos: 0, recusados: [], pendente: false };
  const convidado = idDoCarrinhoDeConvidado();
  if (!convidado || convidado === idDoCarrinho()) return resultado;
  let carrinho;
  try {
    ({ dados: carrinho } = await chamar("GET", `/api/carrinho/${convidado}`));
  } catch (erro) {
    if (semSessao(erro)) esquecerCarrinhoDeConvidado(convidado);
    else resultado.pendente = true;
    return resultado;
  }
  // A guest's checkout under way in another tab: that cart is becoming a guest's order already.
  if (carrinho.estado !== "ABERTO") return resultado;
  for (const item of carrinho.itens) {
    try {
      await alterar("POST", "/adicionar", { produto_id: item.produto_id, quantidade: item.quantidade });
      resultado.movidos += 1;
      // Moved: out of the guest's cart, so that an outage later in this loop never moves it twice.
      await chamar("DELETE", `/api/carrinho/${convidado}/itens/${item.produto_id}`).catch(() => {});
    } catch (erro) {
      if (!recusaDefinitiva(erro)) {
        resultado.pendente = true;
        return resultado;
      }
      resultado.recusados.push(item.nome ?? `Produto nº ${item.produto_id}`);
    }
  }
  await chamar("DELETE", `/api/carrinho/${convidado}`).catch(() => {});
  esquecerCarrinhoDeConvidado(convidado);
  return resultado;
}
