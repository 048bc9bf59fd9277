#!/usr/bin/env bash
# Start Redis Commander on the cart's Redis (carrinho-redis) and the event bus (event-bus), both as
# their `admin` user (REDIS_ADMIN_PASSWORD): the only user of the stack's Redis that may list every
# key and read INFO (redis/acl/). So that a slip cannot change a cart or the stream, the UI is
# read-only unless REDIS_COMMANDER_READ_ONLY=false. Its login is REDIS_COMMANDER_USER and
# REDIS_COMMANDER_PASSWORD. Each password may come from <NAME>_FILE instead (Docker secrets). With
# CONFEITARIA_MODO=producao a lab default (lab-...) or a login password under 16 characters stops
# the container.
set -euo pipefail

log() { printf '{"service":"redis-commander","message":"%s"}\n' "$*"; }

# segredo NAME: the value of NAME, or the content of the file NAME_FILE names.
segredo() {
  local arquivo="${1}_FILE"
  if [ -n "${!arquivo:-}" ]; then
    [ -z "${!1:-}" ] || { log "set $1 or $arquivo, not both"; exit 1; }
    cat "${!arquivo}"
  else
    printf '%s' "${!1:-}"
  fi
}

recusar_em_producao() {
  local nome=$1 valor=$2
  [ "${CONFEITARIA_MODO:-laboratorio}" = producao ] || return 0
  case "$valor" in
    lab-*|confeitaria) log "CONFEITARIA_MODO=producao refuses to start: $nome is a lab default"; exit 1 ;;
  esac
  if [ "${#valor}" -lt 16 ]; then
    log "CONFEITARIA_MODO=producao refuses to start: $nome is shorter than 16 characters"
    exit 1
  fi
}

HTTP_USER=${REDIS_COMMANDER_USER:?REDIS_COMMANDER_USER (the login) is required}
HTTP_PASSWORD=$(segredo REDIS_COMMANDER_PASSWORD)
[ -n "$HTTP_PASSWORD" ] || { log "REDIS_COMMANDER_PASSWORD (or REDIS_COMMANDER_PASSWORD_FILE) is required"; exit 1; }
recusar_em_producao REDIS_COMMANDER_PASSWORD "$HTTP_PASSWORD"
REDIS_SENHA_ADMIN=$(segredo REDIS_ADMIN_PASSWORD)
[ -n "$REDIS_SENHA_ADMIN" ] || { log "REDIS_ADMIN_PASSWORD (or REDIS_ADMIN_PASSWORD_FILE) is required"; exit 1; }
case "${REDIS_COMMANDER_READ_ONLY:-true}" in
  true|false) SOMENTE_LEITURA=${REDIS_COMMANDER_READ_ONLY:-true} ;;
  *) log "REDIS_COMMANDER_READ_ONLY must be true or false"; exit 1 ;;
esac
export HTTP_USER HTTP_PASSWORD REDIS_SENHA_ADMIN SOMENTE_LEITURA

# The connections and switches as Redis Commander's config module reads them from NODE_CONFIG:
# JSON made by Node itself, so that any character in a password survives. noSave: connections come
# from here only, never from a file the UI writes.
NODE_CONFIG=$(node -e '
const conexao = (nome) => ({label: nome, host: nome, port: 6379, dbIndex: 0, username: "admin",
  password: process.env.REDIS_SENHA_ADMIN, connectionName: "redis-commander"});
console.log(JSON.stringify({noSave: true, redis: {readOnly: process.env.SOMENTE_LEITURA === "true"},
  connections: [conexao("carrinho-redis"), conexao("event-bus")]}));')
export NODE_CONFIG
unset REDIS_SENHA_ADMIN REDIS_ADMIN_PASSWORD REDIS_COMMANDER_PASSWORD
log "starting on port 8081 (read-only: $SOMENTE_LEITURA)"
exec node node_modules/redis-commander/bin/redis-commander.js
