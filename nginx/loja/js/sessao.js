// What the browser keeps between pages: the carts' ids, the customer's login and guest orders' links.
// The login token lives in sessionStorage, so it leaves with the tab. Carts and guest links live in
// localStorage (a reload or a new tab keeps them), under two kinds of key: the guest's cart, and
// one cart per customer (`confeitaria.carrinho.cliente.<id>`). A tab without the login uses the
// guest's; a tab with it, the customer's. So a new tab never reads the customer's cart as a guest
// (the cart API answers 404 to anyone but its owner) and never forgets it. Pages never put API
// data into innerHTML, so a script injected through a product name cannot read any of them.

const CARRINHO = "confeitaria.carrinho";
const CARRINHO_DO_CLIENTE = "confeitaria.carrinho.cliente.";
const CLIENTE = "confeitaria.cliente";
const ACESSOS = "confeitaria.acessos";
/** Guest orders whose link this browser keeps: the newest ones, the oldest forgotten. */
export const MAXIMO_DE_ACESSOS = 20;

/** A stored JSON value; one that cannot be read (edited by hand, another version's) is absent. */
function lerJson(armazem, chave) {
  const texto = armazem.getItem(chave);
  if (!texto) return null;
  try {
    return JSON.parse(texto);
  } catch {
    armazem.removeItem(chave);
    return null;
  }
}

/** The logged-in customer ({token, id, nome, email}) or null. */
export function clienteLogado() {
  const cliente = lerJson(sessionStorage, CLIENTE);
  return cliente && typeof cliente.token === "string" && typeof cliente.email === "string" ? cliente : null;
}

export function guardarCliente(token, cliente) {
  sessionStorage.setItem(CLIENTE, JSON.stringify({ token, id: cliente.id, nome: cliente.nome, email: cliente.email }));
}

export function esquecerCliente() {
  sessionStorage.removeItem(CLIENTE);
}

/** The key of the cart this tab uses: the logged-in customer's, or the guest's. */
function chaveDoCarrinho(cliente = clienteLogado()) {
  return cliente ? `${CARRINHO_DO_CLIENTE}${cliente.id ?? cliente.email.toLowerCase()}` : CARRINHO;
}

export function idDoCarrinho() {
  return localStorage.getItem(chaveDoCarrinho());
}

export function guardarCarrinho(id) {
  localStorage.setItem(chaveDoCarrinho(), id);
}

/** Forget this tab's cart, only if it still is `id` (another tab may have opened a new one). */
export function esquecerCarrinho(id) {
  const chave = chaveDoCarrinho();
  if (id === undefined || localStorage.getItem(chave) === id) localStorage.removeItem(chave);
}

/** The guest's cart id, whoever is logged in (what login moves into the customer's cart). */
export function idDoCarrinhoDeConvidado() {
  return localStorage.getItem(CARRINHO);
}

export function esquecerCarrinhoDeConvidado(id) {
  if (localStorage.getItem(CARRINHO) === id) localStorage.removeItem(CARRINHO);
}

/** Logout: the login and the customer's cart id leave this browser; the guest's things stay. */
export function esquecerClienteECarrinho() {
  const cliente = clienteLogado();
  if (cliente) localStorage.removeItem(chaveDoCarrinho(cliente));
  esquecerCliente();
}

/** [[pedidoId, token], ...], oldest first. */
function acessos() {
  const guardado = lerJson(localStorage, ACESSOS);
  // An object {pedidoId: token} is what the first version of the shop kept.
  const lista = Array.isArray(guardado) ? guardado : Object.entries(guardado ?? {});
  return lista.filter((par) => Array.isArray(par) && typeof par[0] === "string" && typeof par[1] === "string");
}

/** A guest order's access token (the checkout's token_de_acesso), sent as X-Pedido-Token. */
export function acessoDoPedido(pedidoId) {
  return acessos().find(([id]) => id === pedidoId)?.[1] ?? null;
}

export function guardarAcesso(pedidoId, token) {
  const lista = [...acessos().filter(([id]) => id !== pedidoId), [pedidoId, token]];
  localStorage.setItem(ACESSOS, JSON.stringify(lista.slice(-MAXIMO_DE_ACESSOS)));
}
