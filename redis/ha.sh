# Sourced by the entrypoint: the configuration of a node under Sentinel (docker-compose.ha.yml).
# Two kinds of container use it:
# - a data node (REDIS_NOS: its group's nodes, the first being the master of a first start;
#   REDIS_ANUNCIO: its own host name; REDIS_MESTRE_NOME: the group's name at the sentinels);
# - a sentinel (SENTINEL_MESTRES: "name=node,node ..." per group, the first node being the
#   master of a first start; SENTINEL_ANUNCIO: its own host name).
# Both ask the sentinels (SENTINELAS, host:port list) who leads now, so a node that comes back
# after a failover starts as a replica of the new master instead of as a second master.

SENTINEL_PORTA=26379
# Kept on the container's volume: what Sentinel learns (who leads, the replicas, the epochs) and
# which node a data node follows survive a restart of every sentinel or a cold start.
CONF_SENTINELA=/data/sentinel.conf
CONF_NO=/data/redis-ha.conf

# senha_para_conf NAME VALUE: VALUE, refused when it cannot sit inside a quoted directive of a
# Redis configuration file (a quote, a backslash or a control character would end or alter it).
senha_para_conf() {
  if [[ "$2" == *[\"\\]* || "$2" =~ [[:cntrl:]] ]]; then
    log CRITICAL "$1 may not contain a quote, a backslash or a control character" >&2
    return 1
  fi
  printf '%s' "$2"
}

# para_sed VALUE: VALUE for the replacement side of a `s|...|...|` (no backslash gets this far).
para_sed() {
  local valor=${1//&/\\&}
  printf '%s' "${valor//|/\\|}"
}

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

# configurar_no_de_dados: the data node's configuration (the base file plus replication), in
# CONF_NO. The sentinels say whom to follow; when none answers, the node keeps what its file last
# said (Sentinel's REPLICAOF rewrites it there), and only a first start follows the first node.
configurar_no_de_dados() {
  local nos=($REDIS_NOS) mestre senha_replicacao
  senha_replicacao=$(senha_de replicacao) || exit 1
  senha_replicacao=$(senha_para_conf REDIS_PASSWORD_REPLICACAO "$senha_replicacao") || exit 1
  if ! mestre=$(mestre_segundo_os_sentinelas "$REDIS_MESTRE_NOME"); then
    if [ -f "$CONF_NO" ]; then
      mestre=$(awk '$1 == "replicaof" { print $2 }' "$CONF_NO")
      mestre=${mestre:-$REDIS_ANUNCIO}
      log INFO "no sentinel answers: keeping the last role ($([ "$mestre" = "$REDIS_ANUNCIO" ] && echo master || echo "replica of $mestre"))"
    else
      mestre=${nos[0]}
    fi
  fi
  umask 077
  {
    echo "include /etc/redis/confeitaria.conf"
    echo "masteruser replicacao"
    echo "masterauth \"$senha_replicacao\""
    # The sentinels and the other node know this one by its compose name, not its address.
    echo "replica-announce-ip $REDIS_ANUNCIO"
    [ "$mestre" = "$REDIS_ANUNCIO" ] || echo "replicaof $mestre 6379"
  } > "$CONF_NO.novo"
  mv "$CONF_NO.novo" "$CONF_NO"
  log INFO "under Sentinel ($REDIS_MESTRE_NOME): starting as $([ "$mestre" = "$REDIS_ANUNCIO" ] && echo master || echo "replica of $mestre")"
}

# configurar_sentinela: the sentinel's configuration in CONF_SENTINELA, written on its first start
# only: afterwards Sentinel's own rewrites are its memory (who leads, which nodes are replicas to
# convert back, the epochs), and only the passwords are brought up to date.
configurar_sentinela() {
  local conf=$CONF_SENTINELA senha senha_sentinela grupo nome nos mestre
  senha=$(senha_do_sentinel) || exit 1
  recusar_em_producao sentinel "$senha"
  senha=$(senha_para_conf SENTINEL_PASSWORD "$senha") || exit 1
  senha_sentinela=$(senha_de sentinela) || exit 1
  recusar_em_producao sentinela "$senha_sentinela"
  senha_sentinela=$(senha_para_conf REDIS_PASSWORD_SENTINELA "$senha_sentinela") || exit 1
  umask 077
  if [ -s "$conf" ]; then
    local s1 s2
    s1=$(para_sed "$senha")
    s2=$(para_sed "$senha_sentinela")
    sed -i -e "s|^requirepass .*|requirepass \"$s1\"|" -e "s|^sentinel sentinel-pass .*|sentinel sentinel-pass \"$s1\"|" \
      -e "s|^sentinel auth-pass \([^ ]*\) .*|sentinel auth-pass \\1 \"$s2\"|" "$conf"
    log INFO "sentinel keeps what it learned ($conf)" >&2
    return 0
  fi
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
  } > "$conf.novo"
  mv "$conf.novo" "$conf"
}
