# Sourced by the entrypoint: the configuration of a node under Sentinel (docker-compose.ha.yml).
# Two kinds of container use it:
# - a data node (REDIS_NOS: its group's nodes, the first being the master of a first start;
#   REDIS_ANUNCIO: its own host name; REDIS_MESTRE_NOME: the group's name at the sentinels);
# - a sentinel (SENTINEL_MESTRES: "name=node,node ..." per group, the first node being the
#   master of a first start; SENTINEL_ANUNCIO: its own host name).
# Both ask the sentinels (SENTINELAS, host:port list) who leads now, so a node that comes back
# after a failover starts as a replica of the new master instead of as a second master.

SENTINEL_PORTA=26379

# senha_do_sentinel: SENTINEL_PASSWORD or the file SENTINEL_PASSWORD_FILE names.
senha_do_sentinel() {
  if [ -n "${SENTINEL_PASSWORD_FILE:-}" ]; then
    [ -z "${SENTINEL_PASSWORD:-}" ] || { echo "set SENTINEL_PASSWORD or SENTINEL_PASSWORD_FILE, not both" >&2; return 1; }
    cat "$SENTINEL_PASSWORD_FILE"
  elif [ -n "${SENTINEL_PASSWORD:-}" ]; then
    printf '%s' "$SENTINEL_PASSWORD"
  else
    echo "SENTINEL_PASSWORD (or SENTINEL_PASSWORD_FILE) is required under Sentinel" >&2
    return 1
  fi
}

# mestre_segundo_os_sentinelas NAME: the host the first sentinel that answers names as NAME's master.
mestre_segundo_os_sentinelas() {
  local nome=$1 senha sentinela resposta
  senha=$(senha_do_sentinel) || return 1
  for sentinela in ${SENTINELAS//,/ }; do
    # A sentinel that is down must not hold the start: one second each.
    resposta=$(REDISCLI_AUTH="$senha" timeout 1 redis-cli -h "${sentinela%:*}" -p "${sentinela##*:}" \
      --raw SENTINEL get-master-addr-by-name "$nome" 2>/dev/null | head -n 1) || continue
    if [ -n "$resposta" ] && [[ "$resposta" != ERR* ]]; then
      printf '%s' "$resposta"
      return 0
    fi
  done
  return 1
}

# configurar_no_de_dados CONF: write the data node's configuration (the base file plus replication).
configurar_no_de_dados() {
  local conf=$1 nos=($REDIS_NOS) mestre senha_replicacao
  mestre=$(mestre_segundo_os_sentinelas "$REDIS_MESTRE_NOME") || mestre=${nos[0]}
  senha_replicacao=$(senha_de replicacao) || exit 1
  umask 077
  {
    echo "include /etc/redis/confeitaria.conf"
    echo "masteruser replicacao"
    echo "masterauth \"$senha_replicacao\""
    # The sentinels and the other node know this one by its compose name, not its address.
    echo "replica-announce-ip $REDIS_ANUNCIO"
    [ "$mestre" = "$REDIS_ANUNCIO" ] || echo "replicaof $mestre 6379"
  } > "$conf"
  log INFO "under Sentinel ($REDIS_MESTRE_NOME): starting as $([ "$mestre" = "$REDIS_ANUNCIO" ] && echo master || echo "replica of $mestre")"
}

# configurar_sentinela CONF: write the sentinel's configuration; Sentinel rewrites it as it learns.
configurar_sentinela() {
  local conf=$1 senha senha_sentinela grupo nome nos mestre
  senha=$(senha_do_sentinel) || exit 1
  recusar_em_producao sentinel "$senha"
  senha_sentinela=$(senha_de sentinela) || exit 1
  recusar_em_producao sentinela "$senha_sentinela"
  umask 077
  {
    echo "port $SENTINEL_PORTA"
    echo "bind 0.0.0.0"
    echo "protected-mode no"
    echo "dir /tmp"
    # Host names, not addresses: a recreated container keeps its name and gets a new address.
    echo "sentinel resolve-hostnames yes"
    echo "sentinel announce-hostnames yes"
    echo "sentinel announce-ip $SENTINEL_ANUNCIO"
    echo "requirepass \"$senha\""
    echo "sentinel sentinel-pass \"$senha\""
    for grupo in $SENTINEL_MESTRES; do
      nome=${grupo%%=*}
      nos=${grupo#*=}
      mestre=$(mestre_segundo_os_sentinelas "$nome") || mestre=${nos%%,*}
      echo "sentinel monitor $nome $mestre 6379 ${SENTINEL_QUORUM:-2}"
      echo "sentinel auth-user $nome sentinela"
      echo "sentinel auth-pass $nome \"$senha_sentinela\""
      echo "sentinel down-after-milliseconds $nome ${SENTINEL_DOWN_AFTER_MS:-2000}"
      echo "sentinel failover-timeout $nome ${SENTINEL_FAILOVER_TIMEOUT_MS:-10000}"
      echo "sentinel parallel-syncs $nome 1"
      log INFO "sentinel watches $nome, master now $mestre" >&2
    done
  } > "$conf"
}
