#!/usr/bin/env bash
# Write Redis's ACL file from the environment, then start Redis. The users are those of
# acl/base.acl and of the profile REDIS_ACL names (barramento: the event bus; carrinho: the cart's
# Redis); each `@senha:<user>@` becomes the SHA-256 of REDIS_PASSWORD_<USER> (or of the content of
# REDIS_PASSWORD_<USER>_FILE), so no password is written in clear. With CONFEITARIA_MODO=producao a
# lab default (lab-...) or a password under 16 characters stops the container.
#
# Under Sentinel (docker-compose.ha.yml, ha.sh) a data node (REDIS_NOS set) also gets the users of
# acl/ha.acl and a configuration that replicates from the current master; a sentinel
# (SENTINEL_MESTRES set) gets only its own configuration. Without either, a single node as before.
set -euo pipefail
. /usr/local/lib/redis-segredos.sh
. /usr/local/lib/redis-ha.sh

ACL_DIR=/etc/redis/acl
ACL_FILE=/run/redis/users.acl
PERFIL=${REDIS_ACL:-}
log() { printf '{"service":"redis","level":"%s","message":"%s"}\n' "$1" "$2"; }

# recusar_em_producao USER PASSWORD: stop in production mode on a weak password of a Redis user
# (REDIS_PASSWORD_<USER>) or, with USER `sentinel`, of the sentinels (SENTINEL_PASSWORD).
recusar_em_producao() {
  local usuario=$1 senha=$2 variavel
  variavel=REDIS_PASSWORD_${usuario^^}
  [ "$usuario" != sentinel ] || variavel=SENTINEL_PASSWORD
  [ "${CONFEITARIA_MODO:-laboratorio}" = producao ] || return 0
  case "$senha" in
    lab-*|confeitaria) log CRITICAL "CONFEITARIA_MODO=producao refuses to start: $variavel is a lab default"; exit 1 ;;
  esac
  if [ "${#senha}" -lt 16 ]; then
    log CRITICAL "CONFEITARIA_MODO=producao refuses to start: $variavel is shorter than 16 characters"
    exit 1
  fi
}

# The templates without comments, each user on one line (indented lines continue the one above).
modelo() {
  local arquivos=("$ACL_DIR/base.acl")
  if [ -n "$PERFIL" ]; then
    [ -f "$ACL_DIR/$PERFIL.acl" ] || { log CRITICAL "REDIS_ACL=$PERFIL: no such profile in $ACL_DIR"; exit 1; }
    arquivos+=("$ACL_DIR/$PERFIL.acl")
  fi
  [ -z "${REDIS_NOS:-}" ] || arquivos+=("$ACL_DIR/ha.acl")
  grep -hv '^[[:space:]]*#' "${arquivos[@]}" | awk 'NF == 0 { next } /^[[:space:]]/ { linha = linha " " $0; next }
    { if (linha != "") print linha; linha = $0 } END { if (linha != "") print linha }' | tr -s ' '
}

render() {
  local acl usuario senha
  acl=$(modelo)
  for usuario in $(grep -o '@senha:[a-z-]*@' <<<"$acl" | sort -u | sed 's/@senha:\(.*\)@/\1/'); do
    senha=$(senha_de "$usuario") || exit 1
    recusar_em_producao "$usuario" "$senha"
    acl=${acl//"@senha:$usuario@"/"#$(printf '%s' "$senha" | sha256sum | cut -d' ' -f1)"}
  done
  # A hash whose password nobody knows: the default user is off, and protected mode stays on.
  acl=${acl//"@aleatoria@"/"#$(head -c 32 /dev/urandom | sha256sum | cut -d' ' -f1)"}
  umask 077
  printf '%s\n' "$acl" > "$ACL_FILE"
  log INFO "ACL written: users $(awk '{printf "%s ", $2}' "$ACL_FILE")(profile ${PERFIL:-none})"
}

if [ -n "${SENTINEL_MESTRES:-}" ]; then
  configurar_sentinela
  exec redis-server "$CONF_SENTINELA" --sentinel
fi
render
if [ -n "${REDIS_NOS:-}" ] && [ "${1:-}" = redis-server ]; then
  # A writable file of its own: Sentinel's reconfiguration (CONFIG REWRITE) lands there.
  configurar_no_de_dados
  exec redis-server "$CONF_NO"
fi
exec "$@"
