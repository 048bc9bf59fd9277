#!/usr/bin/env bash
# Start pgAdmin 4 in server mode under gunicorn (the `ferramentas` profile: docs/FERRAMENTAS.md).
# At the container's first start: pgAdmin's configuration database, its login (PGADMIN_EMAIL and
# PGADMIN_PASSWORD) and the stack's databases (/etc/pgadmin/servers.json). At every start: the
# pgpass file the registered servers name, with each app role's password from the environment
# (CATALOGO_DB_PASSWORD, PEDIDOS_DB_PASSWORD, EVENTS_DB_PASSWORD), so that none is stored in
# pgAdmin's database and a changed one takes effect on restart. Each password may come from
# <NAME>_FILE instead (Docker secrets). With CONFEITARIA_MODO=producao a lab default (lab-...) or a
# login password under 16 characters stops the container.
set -euo pipefail

DATA_DIR=/var/lib/pgadmin
log() { printf '{"service":"pgadmin","message":"%s"}\n' "$*"; }

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

# pgAdmin's folder for a user's files, where a server's relative passfile (/pgpass) is looked up:
# the e-mail with @ as _ and / as "slash" (pgadmin/utils/paths.py, preprocess_username).
pasta_do_usuario() {
  local nome=${1//@/_}
  nome=${nome//\//slash}
  case "$nome" in [0-9]*) nome="pga_user_$nome" ;; esac
  printf '%s/storage/%s' "$DATA_DIR" "$nome"
}

# linha_pgpass HOST USER PASSWORD: one line of a pgpass file, ':' and '\' escaped as libpq reads them.
linha_pgpass() {
  local senha=${3//\\/\\\\}
  printf '%s:5432:*:%s:%s\n' "$1" "$2" "${senha//:/\\:}"
}

escrever_pgpass() {
  local pasta catalogo pedidos events
  catalogo=$(segredo CATALOGO_DB_PASSWORD)
  pedidos=$(segredo PEDIDOS_DB_PASSWORD)
  events=$(segredo EVENTS_DB_PASSWORD)
  pasta=$(pasta_do_usuario "$EMAIL")
  # Every folder made here and the pgpass file are the pgadmin user's alone; chmod also covers a
  # folder left by an earlier start (mkdir -p -m would set the mode of a new deepest one only).
  umask 077
  mkdir -p "$pasta"
  chmod 700 "$pasta"
  {
    linha_pgpass catalogo-db catalogo "$catalogo"
    linha_pgpass catalogo-db-replica catalogo "$catalogo"
    linha_pgpass pedidos-db pedidos "$pedidos"
    linha_pgpass events-db events "$events"
  } > "$pasta/pgpass"
}

EMAIL=${PGADMIN_EMAIL:?PGADMIN_EMAIL (the login) is required}
SENHA=$(segredo PGADMIN_PASSWORD)
[ -n "$SENHA" ] || { log "PGADMIN_PASSWORD (or PGADMIN_PASSWORD_FILE) is required"; exit 1; }
recusar_em_producao PGADMIN_PASSWORD "$SENHA"

if [ ! -s "$DATA_DIR/pgadmin4.db" ]; then
  log "first start: configuration database, login $EMAIL and the stack's servers"
  PGADMIN_SETUP_EMAIL=$EMAIL PGADMIN_SETUP_PASSWORD=$SENHA python setup.py setup-db >/dev/null
  # load-servers prints its errors and exits 0: its summary line says what it added.
  python setup.py load-servers /etc/pgadmin/servers.json --user "$EMAIL" | grep -E 'Added|rror' || true
fi
escrever_pgpass
unset SENHA PGADMIN_PASSWORD CATALOGO_DB_PASSWORD PEDIDOS_DB_PASSWORD EVENTS_DB_PASSWORD
log "starting on port 5050"
# One worker: pgAdmin keeps its sessions' database connections in the process (its docs' gunicorn
# setup); threads serve the browser's parallel requests. No access log: the healthcheck would fill it.
exec gunicorn --bind 0.0.0.0:5050 --workers 1 --threads 25 --timeout 86400 --error-logfile - pgAdmin4:app
