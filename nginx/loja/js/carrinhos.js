// The customer's cart through the cart API: one session id kept in the browser, opened on demand.

import { chamar, ErroDaApi } from "./api.js";
import { atualizarCabecalho } from "./dom.js";
import { esquecerCarrinho, guardarCarrinho, idDoCarrinho } from "./sessao.js";

async function abrirSessao() {
  const { dados } = await chamar("POST", "/api/carrinho/sessao");
  guardarCarrinho(dados.session_id);
  return dados.session_id;
}

function semSessao(erro) {
  // Expired (24 h unused), or a logged-out customer's: a new cart, not an error for the customer.
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
    esquecerCarrinho();
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
