#!/usr/bin/env bash
# Start PostgreSQL as ROLE=primary (initialise once: database, replication slot), as ROLE=replica
# (first start: pg_basebackup from PRIMARY_HOST into an empty data directory) or as ROLE=patroni (a
# member of a Patroni cluster, which decides on its own who leads: patroni.sh).
# Which node is the primary never changes here: automatic failover is Patroni's (ROLE=patroni,
# postgres/patroni.sh, docker-compose.ha.yml).
#
# Who may connect (written at every start, so a changed password or rule takes effect on restart):
# - POSTGRES_USER, the superuser: only on the local socket, as the container's OS user (docker
#   exec ... psql -U "$POSTGRES_USER"); it has no password and nothing reaches it over the network.
# - POSTGRES_APP_USER (password POSTGRES_APP_PASSWORD): the app's role, owner of POSTGRES_DB and of
#   everything in it (its migrations run as it), no other right; over the compose network only.
# - REPLICATION_USER (password REPLICATION_PASSWORD): streaming replication, and the checks the
#   pair makes of each other; over the compose network only.
# Network logins use scram-sha-256 from `samenet` (the container's own subnets: the compose network).
# Each password may come from <NAME>_FILE instead (Docker secrets). With CONFEITARIA_MODO=producao a
# lab default (lab-...) or a password under 16 characters stops the container.
set -euo pipefail

log() { printf '{"service":"postgres","role":"%s","message":"%s"}\n' "${ROLE:-primary}" "$*"; }

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

: "${POSTGRES_USER:?}" "${POSTGRES_DB:?}" "${POSTGRES_APP_USER:?}"
ROLE=${ROLE:-primary}
APP_PASSWORD=$(segredo POSTGRES_APP_PASSWORD)
REPLICATION_USER=${REPLICATION_USER:-replicador}
REPLICATION_PASSWORD=$(segredo REPLICATION_PASSWORD)
REPLICATION_SLOT=${REPLICATION_SLOT:-replica_1}
[ -n "$APP_PASSWORD" ] || { log "POSTGRES_APP_PASSWORD (or POSTGRES_APP_PASSWORD_FILE) is required"; exit 1; }
[ -n "$REPLICATION_PASSWORD" ] || { log "REPLICATION_PASSWORD (or REPLICATION_PASSWORD_FILE) is required"; exit 1; }
recusar_em_producao POSTGRES_APP_PASSWORD "$APP_PASSWORD"
recusar_em_producao REPLICATION_PASSWORD "$REPLICATION_PASSWORD"

# libpq reads the replication password from here: pg_basebackup, the standby's walreceiver (its
# primary_conninfo then holds no password) and the pair's checks of each other.
write_pgpass() {
  local pgpass="$HOME/.pgpass" escaped=${REPLICATION_PASSWORD//\\/\\\\}
  escaped=${escaped//:/\\:}
  ( umask 077; printf '*:5432:*:%s:%s\n' "$REPLICATION_USER" "$escaped" > "$pgpass" )
}

write_access_rules() {
  # The app's role may ask for any database, but only those it owns let it in: CONNECT on the
  # others is revoked from PUBLIC (ensure_roles).
  cat > "$PGDATA/pg_hba.conf" <<HBA
# Written by the entrypoint at every start (postgres/entrypoint.sh).
# TYPE  DATABASE      USER                 ADDRESS  METHOD
local   all           all                           peer map=local
host    all           $POSTGRES_APP_USER   samenet  scram-sha-256
host    postgres      $REPLICATION_USER    samenet  scram-sha-256
host    replication   $REPLICATION_USER    samenet  scram-sha-256
HBA
  # The socket's only OS user (postgres) may log in as the superuser or as the app's role.
  cat > "$PGDATA/pg_ident.conf" <<IDENT
# MAPNAME  SYSTEM-USERNAME  PG-USERNAME
local      postgres         $POSTGRES_USER
local      postgres         $POSTGRES_APP_USER
IDENT
}

init_primary() {
  log "initialising a new cluster"
  initdb -D "$PGDATA" -U "$POSTGRES_USER" --auth-local=peer --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  cat >> "$PGDATA/postgresql.conf" <<CONF
listen_addresses = '*'
password_encryption = 'scram-sha-256'
wal_level = replica
max_wal_senders = 5
max_replication_slots = 5
max_slot_wal_keep_size = '1GB'
hot_standby = on
hot_standby_feedback = on
max_connections = 200
shared_buffers = '128MB'
CONF
}

# Roles, database and slot as the environment says, on a primary (a standby gets them through
# replication). Idempotent: a cluster made before the app's role existed gets it, its database and
# every object the superuser created in it handed over to it.
ensure_roles() {
  write_access_rules
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  # Passwords through the environment (\getenv), not psql's command line, which `ps` shows.
  CONFEITARIA_REPLICATION_PASSWORD=$REPLICATION_PASSWORD psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres -q \
    -v ruser="$REPLICATION_USER" -v slot="$REPLICATION_SLOT" >/dev/null <<'SQL'
\getenv rpass CONFEITARIA_REPLICATION_PASSWORD
SELECT format('CREATE ROLE %I', :'ruser') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'ruser')\gexec
ALTER ROLE :"ruser" WITH LOGIN REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'rpass';
GRANT CONNECT ON DATABASE postgres TO :"ruser";
SELECT pg_create_physical_replication_slot(:'slot')
WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = :'slot');
SQL
  CONFEITARIA_APP_PASSWORD=$APP_PASSWORD psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres -q \
    -f /usr/local/share/confeitaria/papeis.sql -v db="$POSTGRES_DB" -v app="$POSTGRES_APP_USER" >/dev/null
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
}

take_base_backup() {
  local from=$1
  rm -rf "${PGDATA:?}"/*
  pg_basebackup -h "$from" -U "$REPLICATION_USER" -D "$PGDATA" -R -X stream -S "$REPLICATION_SLOT" --checkpoint=fast
}

init_replica() {
  : "${PRIMARY_HOST:?a replica needs PRIMARY_HOST}"
  log "waiting for the primary at $PRIMARY_HOST"
  until pg_isready -h "$PRIMARY_HOST" -p 5432 -U "$REPLICATION_USER" -d postgres -q; do sleep 1; done
  log "taking a base backup from $PRIMARY_HOST (slot $REPLICATION_SLOT)"
  take_base_backup "$PRIMARY_HOST"
}

# A standby made before the password moved to ~/.pgpass has it in primary_conninfo: drop it there,
# so that the current REPLICATION_PASSWORD is the one used.
forget_stored_replication_password() {
  local auto="$PGDATA/postgresql.auto.conf"
  [ -f "$auto" ] && sed -i "s/ password=[^ ']*//" "$auto"
  return 0
}

if [ "$ROLE" = patroni ]; then
  # shellcheck source=patroni.sh
  . /usr/local/lib/confeitaria-patroni.sh
  start_patroni
fi
write_pgpass
chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ "$ROLE" = replica ]; then init_replica; else init_primary; fi
fi
if [ -f "$PGDATA/standby.signal" ]; then
  forget_stored_replication_password
  write_access_rules
else
  ensure_roles
fi
log "starting"
exec postgres -D "$PGDATA"
