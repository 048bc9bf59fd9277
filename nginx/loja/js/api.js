// Calls to the gateway's same-origin /api routes, unwrapping the project's envelope.

import { mensagemDoErro, SEM_CONEXAO } from "./mensagens.js";
import { clienteLogado, esquecerCliente } from "./sessao.js";
import { observarResposta } from "./situacao.js";

/** An API refusal or an unreachable service, with the sentence to show the customer. */
export class ErroDaApi extends Error {
  constructor(status, erro, mensagem) {
    super(mensagem);
    this.status = status;
    this.codigo = erro.code ?? `HTTP_${status}`;
    this.erro = erro;
  }
}

const SESSAO_VENCIDA = new Set(["TOKEN_EXPIRADO", "TOKEN_REVOGADO", "TOKEN_INVALIDO"]);
// The routes where who calls matters. The catalog's reads are the same for everyone: sent without
// the token, the gateway's 1-second micro-cache answers them (a request with one always bypasses it).
const COM_LOGIN = ["/api/carrinho", "/api/pedidos", "/api/clientes", "/api/auth"];

function precisaDoLogin(caminho) {
  return COM_LOGIN.some((prefixo) => caminho === prefixo || caminho.startsWith(`${prefixo}/`));
}

/** fetch one route; resolves to {dados, total} or throws ErroDaApi. */
export async function chamar(metodo, caminho, { corpo, cabecalhos = {} } = {}) {
  const headers = { Accept: "application/json", ...cabecalhos };
  if (corpo !== undefined) headers["Content-Type"] = "application/json";
  const cliente = clienteLogado();
  if (cliente && precisaDoLogin(caminho) && !headers.Authorization) headers.Authorization = `Bearer ${cliente.token}`;
  let resposta;
  try {
    const body = corpo === undefined ? undefined : JSON.stringify(corpo);
    resposta = await fetch(caminho, { method: metodo, headers, body });
  } catch {
    observarResposta(caminho, null);
    throw new ErroDaApi(0, { code: "SEM_CONEXAO" }, SEM_CONEXAO);
  }
  observarResposta(caminho, resposta);
  // A proxy's HTML page or an empty body is an error like any other, never a crash of the page.
  const envelope = await resposta.json().catch(() => null);
  if (resposta.ok && envelope?.success) return { dados: envelope.data, total: envelope.total };
  const erro = envelope?.error ?? {};
  if (resposta.status === 401 && SESSAO_VENCIDA.has(erro.code)) esquecerCliente();
  throw new ErroDaApi(resposta.status, erro, mensagemDoErro(resposta.status, erro));
}
