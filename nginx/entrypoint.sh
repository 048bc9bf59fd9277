#!/usr/bin/env bash
# Nginx 1.22 resolves upstream names only when it loads its configuration: a stopped container's
# name does not resolve (Nginx would refuse to start) and a recreated one gets a new address.
# So render the configuration with the addresses that resolve now (a refusing placeholder for
# the others), and reload whenever the set of addresses changes.
set -euo pipefail

TEMPLATE=/etc/nginx/nginx.conf.template
CONF=/etc/nginx/nginx.conf
UPSTREAM_HOSTS=${UPSTREAM_HOSTS:-catalogo catalogo-replica carrinho pedidos events}
RATE_LIMIT=${GATEWAY_RATE_LIMIT:-100r/s}
RATE_BURST=${GATEWAY_RATE_BURST:-200}
LOGIN_RATE_LIMIT=${GATEWAY_LOGIN_RATE_LIMIT:-5r/m}
LOGIN_RATE_BURST=${GATEWAY_LOGIN_RATE_BURST:-10}
UNREACHABLE=127.0.0.1:9   # nothing listens there: connections are refused at once
log() { printf '{"service":"gateway","message":"%s"}\n' "$*"; }

# One getent for every host and no other process: this runs every WATCH_INTERVAL_S, and a
# getent and an awk per host every 2 s were most of the idle gateway's CPU.
addresses() {
  local ip name host
  local -A ip_of=()
  while read -r ip name _; do
    ip_of[$name]=$ip
  done < <(getent hosts $UPSTREAM_HOSTS || true)
  for host in $UPSTREAM_HOSTS; do
    printf '%s=%s ' "$host" "${ip_of[$host]:-none}"
  done
}

substitute() {
  sed -e "s|__RATE_LIMIT__|$RATE_LIMIT|" -e "s|__RATE_BURST__|$RATE_BURST|" \
    -e "s|__LOGIN_RATE_LIMIT__|$LOGIN_RATE_LIMIT|" -e "s|__LOGIN_RATE_BURST__|$LOGIN_RATE_BURST|" "$1"
}

render() {
  local conf host ip
  conf=$(substitute "$TEMPLATE")
  for host in $UPSTREAM_HOSTS; do
    ip=$(getent hosts "$host" | awk '{print $1; exit}' || true)
    if [ -n "$ip" ]; then
      conf=${conf//"server $host:5000"/"server $ip:5000"}
    else
      conf=${conf//"server $host:5000"/"server $UNREACHABLE"}
    fi
  done
  printf '%s\n' "$conf" > "$CONF"
}

watch_upstreams() {
  local last current
  last=$(addresses)
  while sleep "${WATCH_INTERVAL_S:-2}"; do
    current=$(addresses)
    if [ "$current" != "$last" ]; then
      log "upstream addresses changed ($current): reloading"
      render && nginx -t -q && nginx -s reload
      last=$current
    fi
  done
}

substitute /etc/nginx/login.conf.template > /etc/nginx/login.conf
render
nginx -t -q
watch_upstreams &
exec nginx -g 'daemon off;'
