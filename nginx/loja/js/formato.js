// How the shop writes money, stock, dates and an order's situation, in Brazilian Portuguese.

const REAIS = new Intl.NumberFormat("pt-BR", { style: "currency", currency: "BRL" });
const DATA_HORA = new Intl.DateTimeFormat("pt-BR", { dateStyle: "short", timeStyle: "short" });

/** "45.90" (the API's exact decimal text) or 45.9 → "R$ 45,90". */
export function moeda(valor) {
  return REAIS.format(Number(valor));
}

/** Stock as it is: sold out, the last unit, a few left, or how many there are. */
export function textoDoEstoque(estoque) {
  if (estoque <= 0) return "Esgotado";
  if (estoque === 1) return "Última unidade!";
  if (estoque <= 5) return `Só ${estoque} unidades`;
  return `${estoque} em estoque`;
}

export function dataHora(iso) {
  return DATA_HORA.format(new Date(iso));
}

const STATUS = {
  PENDENTE: "Aguardando confirmação",
  CONFIRMADO: "Confirmado",
  CANCELADO: "Cancelado",
  EM_PREPARO: "Em preparo",
  SAIU_PARA_ENTREGA: "Saiu para entrega",
  ENTREGUE: "Entregue",
};

export function textoDoStatus(status) {
  return STATUS[status] ?? status;
}

// Why an order was cancelled, told to the customer (docs/PEDIDOS.md lists the reasons).
const MOTIVOS = {
  PAGAMENTO_RECUSADO: "O pagamento foi recusado pelo emissor do cartão. Nada foi cobrado; tente outro cartão ou o Pix.",
  ESTOQUE_INSUFICIENTE: "Acabou o estoque antes da reserva: outra pessoa levou as últimas unidades. Nada foi cobrado.",
  EXPIRADO: "O pedido não foi confirmado a tempo e foi cancelado. Nada foi cobrado.",
  ESTOQUE_EXPIRADO: "As unidades acabaram antes da confirmação; o valor pago foi estornado.",
  CANCELADO_PELO_CLIENTE: "Você cancelou este pedido. Se ele já estava pago, o valor foi estornado.",
};

export function textoDoMotivo(motivo) {
  return MOTIVOS[motivo] ?? (motivo ? `Cancelado (${motivo}).` : "Cancelado.");
}

const EXPLICACOES = {
  PENDENTE: "Estamos reservando os produtos e processando o pagamento. Esta página se atualiza sozinha.",
  CONFIRMADO: "Pagamento aprovado e produtos reservados. Avisaremos quando o preparo começar.",
  EM_PREPARO: "Seu pedido está sendo preparado.",
  SAIU_PARA_ENTREGA: "Seu pedido saiu para entrega.",
  ENTREGUE: "Pedido entregue. Bom apetite!",
};

export function explicacaoDoStatus(pedido) {
  if (pedido.status === "CANCELADO") return textoDoMotivo(pedido.motivo_cancelamento);
  return EXPLICACOES[pedido.status] ?? "";
}
