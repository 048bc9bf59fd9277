// An API error as a sentence for the customer: never a blank page, a status code or a stack trace.

const POR_CODIGO = {
  ESTOQUE_INSUFICIENTE: (erro) =>
    erro.disponivel === undefined
      ? "Não há estoque suficiente deste produto."
      : `Não há estoque suficiente: ${erro.disponivel} disponível(is) agora.`,
  PRODUTO_INATIVO: () => "Este produto não está mais à venda.",
  PRODUTO_NAO_ENCONTRADO: () => "Produto não encontrado.",
  PRODUTO_INEXISTENTE: () => "Um dos produtos do carrinho não existe mais.",
  CARRINHO_FECHADO: () => "Seu carrinho está virando um pedido agora; aguarde o resultado.",
  LIMITE_DE_QUANTIDADE: () => "Você chegou ao limite de unidades deste produto.",
  CARRINHO_VAZIO: () => "Seu carrinho está vazio.",
  CATALOGO_INDISPONIVEL: () => "O catálogo está fora do ar agora; tente de novo em instantes.",
  PEDIDOS_INDISPONIVEL: () =>
    "Não conseguimos registrar pedidos agora. Seu carrinho continua guardado; tente de novo em instantes.",
  SOMENTE_LEITURA: () => "A loja está só para consulta agora; tente comprar de novo em instantes.",
  REQUISICOES_DEMAIS: () => "Muitas ações seguidas; aguarde alguns segundos e tente de novo.",
  MUITAS_TENTATIVAS: () => "Muitas tentativas erradas; aguarde um pouco antes de tentar de novo.",
  CREDENCIAIS_INVALIDAS: () => "E-mail ou senha incorretos.",
  EMAIL_JA_CADASTRADO: () => "Este e-mail já tem conta: entre com ele.",
  STATUS_INVALIDO: () => "Isto não é mais possível neste pedido.",
  PEDIDO_NAO_ENCONTRADO: () => "Pedido não encontrado. Ele só aparece para quem o fez.",
  TOKEN_EXPIRADO: () => "Sua sessão expirou; entre de novo.",
  TOKEN_REVOGADO: () => "Sua sessão foi encerrada; entre de novo.",
  TOKEN_INVALIDO: () => "Sua sessão não vale mais; entre de novo.",
};

/** The customer's sentence for an error answer (status and the envelope's `error`). */
export function mensagemDoErro(status, erro) {
  const porCodigo = POR_CODIGO[erro.code];
  if (porCodigo) return porCodigo(erro);
  if (status === 502 || status === 503 || status === 504) {
    return "Uma parte da loja está fora do ar agora. Tente de novo em instantes.";
  }
  if (status >= 500) return "Algo deu errado do nosso lado. Tente de novo em instantes.";
  if (status === 429) return POR_CODIGO.REQUISICOES_DEMAIS(erro);
  return erro.message || "Não foi possível concluir. Tente de novo.";
}

export const SEM_CONEXAO = "Não conseguimos falar com a loja. Verifique sua conexão e tente de novo.";
