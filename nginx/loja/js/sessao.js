// What the browser keeps between pages: the cart's id, the customer's login and guest orders' links.
// The cart and the guest links live in localStorage (a reload or a new tab keeps them); the login
// token in sessionStorage, so it leaves with the tab. Pages never put API data into innerHTML, so
// a script injected through a product name cannot read them.

const CARRINHO = "confeitaria.carrinho";
const CLIENTE = "confeitaria.cliente";
const ACESSOS = "confeitaria.acessos";

export function idDoCarrinho() {
  return localStorage.getItem(CARRINHO);
}

export function guardarCarrinho(id) {
  localStorage.setItem(CARRINHO, id);
}

export function esquecerCarrinho() {
  localStorage.removeItem(CARRINHO);
}

/** The logged-in customer ({token, nome, email}) or null. */
export function clienteLogado() {
  const texto = sessionStorage.getItem(CLIENTE);
  return texto ? JSON.parse(texto) : null;
}

export function guardarCliente(token, cliente) {
  sessionStorage.setItem(CLIENTE, JSON.stringify({ token, nome: cliente.nome, email: cliente.email }));
}

export function esquecerCliente() {
  sessionStorage.removeItem(CLIENTE);
}

function acessos() {
  return JSON.parse(localStorage.getItem(ACESSOS) ?? "{}");
}

/** A guest order's access token (the checkout's token_de_acesso), sent as X-Pedido-Token. */
export function acessoDoPedido(pedidoId) {
  return acessos()[pedidoId] ?? null;
}

export function guardarAcesso(pedidoId, token) {
  localStorage.setItem(ACESSOS, JSON.stringify({ ...acessos(), [pedidoId]: token }));
}
