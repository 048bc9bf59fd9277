#!/usr/bin/env bash
# Start PostgreSQL as ROLE=primary (initialise once: user, database, replication slot) or as
# ROLE=replica (first start: pg_basebackup from PRIMARY_HOST into an empty data directory).
# With PEER_HOST set (the other node of the pair), a node that would start as a primary while its
# peer has been promoted joins the peer as a standby instead: never two primaries.
set -euo pipefail

: "${POSTGRES_USER:?}" "${POSTGRES_PASSWORD:?}" "${POSTGRES_DB:?}"
ROLE=${ROLE:-primary}
REPLICATION_USER=${REPLICATION_USER:-replicador}
REPLICATION_PASSWORD=${REPLICATION_PASSWORD:-$POSTGRES_PASSWORD}
REPLICATION_SLOT=${REPLICATION_SLOT:-replica_1}
log() { printf '{"service":"postgres","role":"%s","message":"%s"}\n' "$ROLE" "$*"; }

init_primary() {
  log "initialising a new cluster"
  local pwfile
  pwfile=$(mktemp)
  printf '%s' "$POSTGRES_PASSWORD" > "$pwfile"
  initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  cat >> "$PGDATA/postgresql.conf" <<CONF
listen_addresses = '*'
wal_level = replica
max_wal_senders = 5
max_replication_slots = 5
max_slot_wal_keep_size = '1GB'
hot_standby = on
hot_standby_feedback = on
max_connections = 200
shared_buffers = '128MB'
CONF
  cat >> "$PGDATA/pg_hba.conf" <<HBA
host all all 0.0.0.0/0 scram-sha-256
host replication $REPLICATION_USER 0.0.0.0/0 scram-sha-256
HBA
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres -q \
    -v db="$POSTGRES_DB" -v ruser="$REPLICATION_USER" -v rpass="$REPLICATION_PASSWORD" \
    -v slot="$REPLICATION_SLOT" <<'SQL'
SELECT format('CREATE DATABASE %I', :'db') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db')\gexec
CREATE ROLE :"ruser" WITH REPLICATION LOGIN PASSWORD :'rpass';
SELECT pg_create_physical_replication_slot(:'slot');
SQL
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
}

init_replica() {
  : "${PRIMARY_HOST:?a replica needs PRIMARY_HOST}"
  log "waiting for the primary at $PRIMARY_HOST"
  until pg_isready -h "$PRIMARY_HOST" -p 5432 -q; do sleep 1; done
  log "taking a base backup from $PRIMARY_HOST (slot $REPLICATION_SLOT)"
  rm -rf "${PGDATA:?}"/*
  PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup -h "$PRIMARY_HOST" -U "$REPLICATION_USER" \
    -D "$PGDATA" -R -X stream -S "$REPLICATION_SLOT" --checkpoint=fast
}

peer_is_primary() {
  [ -n "${PEER_HOST:-}" ] || return 1
  pg_isready -h "$PEER_HOST" -p 5432 -q -t 3 || return 1
  local recovery
  recovery=$(PGPASSWORD="$POSTGRES_PASSWORD" psql -h "$PEER_HOST" -U "$POSTGRES_USER" -d postgres -Atc \
    'SELECT pg_is_in_recovery()' 2>/dev/null || true)
  [ "$recovery" = f ]
}

follow_peer() {
  log "$PEER_HOST is the primary now: joining it as a standby (fresh base backup, local data discarded)"
  # Slots are not copied to a standby: the promoted peer may not have ours yet.
  PGPASSWORD="$POSTGRES_PASSWORD" psql -h "$PEER_HOST" -U "$POSTGRES_USER" -d postgres -q -v ON_ERROR_STOP=1 \
    -v slot="$REPLICATION_SLOT" <<'SQL'
SELECT pg_create_physical_replication_slot(:'slot')
WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = :'slot');
SQL
  rm -rf "${PGDATA:?}"/*
  PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup -h "$PEER_HOST" -U "$REPLICATION_USER" \
    -D "$PGDATA" -R -X stream -S "$REPLICATION_SLOT" --checkpoint=fast
}

chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ "$ROLE" = replica ]; then init_replica
  elif peer_is_primary; then follow_peer
  else init_primary; fi
elif [ ! -f "$PGDATA/standby.signal" ] && peer_is_primary; then
  # This node was a primary, but its peer was promoted while it was away: starting as a second
  # primary would split the catalog in two.
  follow_peer
fi
log "starting"
exec postgres -D "$PGDATA"
