#!/usr/bin/env bash
# Nginx 1.22 resolves upstream names only when it loads its configuration, and to every address
# at once only through DNS it re-reads itself (the commercial `resolve`). So the watcher below
# keeps each pool's replicas in the rendered configuration: every WATCH_INTERVAL_S it resolves
# each pool's DNS name to all its addresses (a compose service scaled to 3 has 3; in Swarm,
# tasks.<service> lists the tasks), asks each address's /health with one curl, and reloads Nginx
# when the set that answers changes. A replica added appears once it answers; one stopped, removed
# or hung (paused: its kernel still accepts connections) leaves after two missed answers in a row,
# the second asked at once. /health, not /ready: a replica whose database is down still serves what it
# can (the catalog reads from its standby) and answers its own honest 503s.
set -euo pipefail

TEMPLATE=/etc/nginx/nginx.conf.template
CONF=/etc/nginx/nginx.conf
# pool=DNS name: the pools the template names, and where their replicas are found.
GATEWAY_UPSTREAMS=${GATEWAY_UPSTREAMS:-catalogo=catalogo catalogo-replica=catalogo-replica carrinho=carrinho pedidos=pedidos events=events}
APP_PORT=${APP_PORT:-5000}
# How long a replica has to answer /health: longer means hung, and out of the pool.
PROBE_TIMEOUT_S=${PROBE_TIMEOUT_S:-1}
RATE_LIMIT=${GATEWAY_RATE_LIMIT:-100r/s}
RATE_BURST=${GATEWAY_RATE_BURST:-200}
LOGIN_RATE_LIMIT=${GATEWAY_LOGIN_RATE_LIMIT:-5r/m}
LOGIN_RATE_BURST=${GATEWAY_LOGIN_RATE_BURST:-10}
GATEWAY_WORKERS=${GATEWAY_WORKERS:-2}
UNREACHABLE=127.0.0.1:9   # nothing listens there: connections are refused at once
# The watcher's pulse, which the image's HEALTHCHECK reads: a watcher that died fails the check.
HEARTBEAT=/tmp/gateway-watcher
# A name Docker's DNS does not know goes on to the host's resolvers: give up after 1 s, not 5 to 20.
export RES_OPTIONS="timeout:1 attempts:1"
log() { printf '{"service":"gateway","message":"%s"}\n' "$*"; }

declare -A DNS_OF=()
POOLS=()
for pair in $GATEWAY_UPSTREAMS; do
  POOLS+=("${pair%%=*}")
  DNS_OF[${pair%%=*}]=${pair#*=}
done

# Fills IPS_OF[pool] with every IPv4 address of the pool's DNS name, in one getent for all of them.
# getent prints a name's canonical name on its first STREAM line only (Docker's DNS answers with
# the name asked); a name with no address there (none, or an answer under another name) is asked
# again alone.
declare -A IPS_OF=()
resolve_all() {
  local ip kind name current="" pool
  local -A ips_of_name=()
  while read -r ip kind name; do
    [ "$kind" = STREAM ] || continue
    [ -n "$name" ] && current=$name
    [[ " ${ips_of_name[$current]:-} " == *" $ip "* ]] || ips_of_name[$current]+="$ip "
  done < <(getent ahostsv4 "${DNS_OF[@]}" 2>/dev/null || true)
  for pool in "${POOLS[@]}"; do
    name=${DNS_OF[$pool]}
    if [ -z "${ips_of_name[$name]:-}" ]; then
      while read -r ip kind _; do
        [ "$kind" = STREAM ] && ips_of_name[$name]+="$ip "
      done < <(getent ahostsv4 "$name" 2>/dev/null || true)
    fi
    sort_words ${ips_of_name[$name]:-}
    IPS_OF[$pool]=$SORTED
  done
}

# SORTED=the words given, sorted: Docker's DNS shuffles its answers, and an order that changed
# is not a change of replicas (a reload every second). Insertion sort: a handful of words, no fork.
sort_words() {
  local sorted=() word i
  for word in "$@"; do
    i=${#sorted[@]}
    while [ "$i" -gt 0 ] && [[ ${sorted[i-1]} > $word ]]; do
      sorted[i]=${sorted[i-1]}
      i=$((i - 1))
    done
    sorted[i]=$word
  done
  SORTED="${sorted[*]}"
}

# STATE=`pool=ip,ip ...`: the replicas each pool keeps (a global: no subshell every second).
# A replica joins once it answers, and leaves after MISSES_TO_LEAVE missed answers in a row (one
# slow answer under load is not a reload). When no replica of a pool answers, the pool keeps every
# address its name has: a whole service saturated is not a dead one, and Nginx's own failure
# counting still steers around the ones that fail.
MISSES_TO_LEAVE=${MISSES_TO_LEAVE:-2}
declare -A MISSES=()
STATE=""
SUSPECT=0
live_pools() {
  local pool ip code url
  local -A alive=()
  local args=()
  resolve_all
  for pool in "${POOLS[@]}"; do
    for ip in ${IPS_OF[$pool]}; do
      args+=(-o /dev/null "http://$ip:$APP_PORT/health")
    done
  done
  if [ ${#args[@]} -gt 0 ]; then
    while read -r url code; do
      [ "$code" = 200 ] && alive[$url]=1
    done < <(curl -s --no-progress-meter --parallel --parallel-max 64 --max-time "$PROBE_TIMEOUT_S" \
      -w '%{url} %{http_code}\n' "${args[@]}" 2>/dev/null || true)
  fi
  local state="" live kept pair
  local -A before=()
  SUSPECT=0
  for pair in $STATE; do
    before[${pair%%=*}]=" ${pair#*=} "
  done
  for pool in "${POOLS[@]}"; do
    live="" kept=""
    for ip in ${IPS_OF[$pool]}; do
      if [ -n "${alive[http://$ip:$APP_PORT/health]:-}" ]; then
        MISSES[$ip]=0
        live+="${live:+,}$ip"
        kept+="${kept:+,}$ip"
      else
        MISSES[$ip]=$(( ${MISSES[$ip]:-0} + 1 ))
        if [[ ${before[$pool]:-} == *[\ ,]$ip[\ ,]* ]] && [ "${MISSES[$ip]}" -lt "$MISSES_TO_LEAVE" ]; then
          kept+="${kept:+,}$ip"
          SUSPECT=1
        fi
      fi
    done
    if [ -z "$live" ] && [ -n "${IPS_OF[$pool]}" ]; then
      kept=${IPS_OF[$pool]// /,}
      kept=${kept%,}
    fi
    state+="$pool=$kept "
  done
  STATE=$state
}

substitute() {
  sed -e "s|__RATE_LIMIT__|$RATE_LIMIT|" -e "s|__RATE_BURST__|$RATE_BURST|" -e "s|__WORKERS__|$GATEWAY_WORKERS|" \
    -e "s|__LOGIN_RATE_LIMIT__|$LOGIN_RATE_LIMIT|" -e "s|__LOGIN_RATE_BURST__|$LOGIN_RATE_BURST|" "$1"
}

# The server lines of one pool (`backup` for the catalog's read-only app); with no replica that
# answers, a refusing placeholder: Nginx needs a server, and a refusal fails over at once.
servers() {
  local ips=$1 flags=$2 ip out=""
  for ip in ${ips//,/ }; do
    out+="server $ip:$APP_PORT $flags; "
  done
  if [ -z "$out" ]; then
    out="server $UNREACHABLE $flags; "
  fi
  printf '%s' "$out"
}

render() {
  local state=$1 conf pair pool
  conf=$(substitute "$TEMPLATE")
  for pair in $state; do
    pool=${pair%%=*}
    conf=${conf//"__SERVIDORES $pool""__"/$(servers "${pair#*=}" "max_fails=1 fail_timeout=5s")}
    conf=${conf//"__RESERVA $pool""__"/$(servers "${pair#*=}" "backup")}
  done
  printf '%s\n' "$conf" > "$CONF"
}

watch_upstreams() {
  local last=$1 current pause
  # A read that times out on a pipe nobody writes to: `sleep` without a process every second.
  exec {pause}<> <(:)
  local wait_s=${WATCH_INTERVAL_S:-1}
  # A replica that just missed an answer is asked again at once: out in two probes, not two turns.
  while ! read -rt "$wait_s" -u "$pause"; do
    live_pools
    current=$STATE
    wait_s=${WATCH_INTERVAL_S:-1}
    [ "$SUSPECT" = 1 ] && wait_s=0.1
    : > "$HEARTBEAT"
    if [ "$current" != "$last" ]; then
      log "replicas that answer changed ($current): reloading"
      # Inside `if`, a failure does not end the watcher (set -e): the next turn tries again.
      if render "$current" && nginx -t -q && nginx -s reload; then
        last=$current
      else
        log "reload failed: trying again in a second"
      fi
    fi
  done
}

substitute /etc/nginx/login.conf.template > /etc/nginx/login.conf
live_pools
render "$STATE"
nginx -t -q
watch_upstreams "$STATE" &
exec nginx -g 'daemon off;'
