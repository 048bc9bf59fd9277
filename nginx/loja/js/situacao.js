// Whether the catalog reads its standby (its primary database is down: writes, and so reservations,
// fail) or no catalog app answers at all (the gateway serves its last copy). The catalog says it in
// the X-Catalogo-Leitura header of each read, the gateway in X-Cache-Status; the shop says it to
// the customer in the #situacao banner, once per page, instead of failing at checkout in silence.

const LEITURA_DO_STANDBY =
  "O catálogo está funcionando só para consulta agora: você pode navegar e montar o carrinho, " +
  "mas finalizar compras pode não funcionar até ele voltar.";
const CATALOGO_FORA = "O catálogo está fora do ar: mostramos a última versão que vimos, e comprar pode não funcionar agora.";

function mostrar(texto) {
  const banner = document.getElementById("situacao");
  if (banner && banner.textContent !== texto) banner.textContent = texto;
  document.body.dataset.catalogo = texto === LEITURA_DO_STANDBY ? "standby" : "fora";
}

/** Look at each catalog answer (null: no answer at all) for a sign of trouble. */
export function observarResposta(caminho, resposta) {
  if (!caminho.startsWith("/api/produtos") && !caminho.startsWith("/api/categorias")) return;
  if (resposta === null || resposta.status >= 502) {
    mostrar(CATALOGO_FORA);
  } else if (resposta.headers.get("X-Cache-Status") === "STALE") {
    mostrar(CATALOGO_FORA);
  } else if (resposta.headers.get("X-Catalogo-Leitura") === "standby") {
    mostrar(LEITURA_DO_STANDBY);
  }
}

/** A cheap catalog read (the gateway's micro-cache answers most) only to learn its situation. */
export async function verificarCatalogo() {
  try {
    observarResposta("/api/categorias", await fetch("/api/categorias", { headers: { Accept: "application/json" } }));
  } catch {
    observarResposta("/api/categorias", null);
  }
}
