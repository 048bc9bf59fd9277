# ROLE=patroni: this container is one member of a Patroni cluster (PATRONI_SCOPE) whose consensus
# store is the etcd cluster in ETCD_HOSTS (its v2 API: see below). Patroni, not us, decides which member leads, promotes a
# standby when the leader's key expires, rewinds (pg_rewind) a former leader into a standby, and
# keeps the replication synchronous (RPO 0). Sourced by entrypoint.sh after the secrets are read.
#
# Timings: the leader renews its key every LOOP_WAIT (2 s); a dead or frozen leader's key expires
# after TTL (10 s) and a standby takes over: Patroni requires loop_wait + 2 * retry_timeout <= ttl.
# failsafe_mode: with etcd out of quorum the leader keeps leading while it still reaches every
# other member over the REST API (instead of demoting itself and leaving no primary at all).

# yaml_quoted VALUE: VALUE as a single-quoted YAML scalar (a quote inside is doubled).
yaml_quoted() {
  local aspa="'"
  printf "'%s'" "${1//$aspa/$aspa$aspa}"
}

start_patroni() {
  : "${PATRONI_SCOPE:?ROLE=patroni needs PATRONI_SCOPE (the cluster)}" "${PATRONI_NAME:?and PATRONI_NAME (this member)}"
  : "${ETCD_HOSTS:?and ETCD_HOSTS (host:port,...)}"
  local rewind_password restapi_password config=/run/postgresql/patroni.yml
  rewind_password=$(segredo REWIND_PASSWORD)
  restapi_password=$(segredo PATRONI_RESTAPI_PASSWORD)
  [ -n "$rewind_password" ] || { log "REWIND_PASSWORD (or REWIND_PASSWORD_FILE) is required"; exit 1; }
  [ -n "$restapi_password" ] || { log "PATRONI_RESTAPI_PASSWORD (or its _FILE) is required"; exit 1; }
  recusar_em_producao REWIND_PASSWORD "$rewind_password"
  recusar_em_producao PATRONI_RESTAPI_PASSWORD "$restapi_password"
  local replication_q rewind_q restapi_q
  replication_q=$(yaml_quoted "$REPLICATION_PASSWORD")
  rewind_q=$(yaml_quoted "$rewind_password")
  restapi_q=$(yaml_quoted "$restapi_password")
  # Read by post_bootstrap (patroni-pos-bootstrap.sh), which Patroni starts with its own environment.
  export CONFEITARIA_APP_PASSWORD=$APP_PASSWORD
  ( umask 077; cat > "$config" <<YAML
scope: ${PATRONI_SCOPE}
name: ${PATRONI_NAME}
log: {level: ${PATRONI_LOG_LEVEL:-INFO}}
restapi:
  listen: 0.0.0.0:8008
  connect_address: ${PATRONI_NAME}:8008
  # Only the unsafe endpoints (switchover, restart, reinitialise...) ask for it; patronictl and
  # the members' failsafe calls use it from this file.
  authentication: {username: patroni, password: $restapi_q}
# etcd's v2 API, not v3: Patroni 3.0.2's etcd3 client could, after a freeze, overwrite the key
# of the leader elected meanwhile with its own (patroni#2689, fixed in 3.0.3; we met it in the
# freeze drill). Its v2 client renews the key with compare-and-swap on its own name.
etcd:
  hosts: ${ETCD_HOSTS}
bootstrap:
  dcs:
    ttl: ${PATRONI_TTL:-10}
    loop_wait: ${PATRONI_LOOP_WAIT:-2}
    retry_timeout: ${PATRONI_RETRY_TIMEOUT:-4}
    maximum_lag_on_failover: 1048576
    # A commit returns once the synchronous standby has it: a failover never loses an
    # acknowledged write. With no healthy standby Patroni drops to asynchronous, so a lone
    # primary keeps taking writes (synchronous_mode_strict would refuse them).
    synchronous_mode: ${PATRONI_SYNCHRONOUS_MODE:-true}
    failsafe_mode: true
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        wal_level: replica
        hot_standby: 'on'
        hot_standby_feedback: 'on'
        wal_log_hints: 'on'
        max_wal_senders: 5
        max_replication_slots: 5
        max_slot_wal_keep_size: 1GB
        max_connections: 200
        shared_buffers: 128MB
        password_encryption: scram-sha-256
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
    - auth-local: peer
    - auth-host: scram-sha-256
  post_bootstrap: /usr/local/bin/patroni-pos-bootstrap
postgresql:
  listen: 0.0.0.0:5432
  connect_address: ${PATRONI_NAME}:5432
  # Below the volume's root: Patroni moves a failed data directory aside, and a mount point
  # cannot be moved.
  data_dir: ${PGDATA}/patroni
  bin_dir: /usr/lib/postgresql/15/bin
  pgpass: /run/postgresql/pgpass-patroni
  use_unix_socket: true
  # A former leader that cannot be rewound is cloned again from the new one: it always rejoins.
  remove_data_directory_on_rewind_failure: true
  remove_data_directory_on_diverged_timelines: true
  authentication:
    superuser: {username: ${POSTGRES_USER}}
    replication: {username: ${REPLICATION_USER}, password: $replication_q}
    rewind: {username: rebobinador, password: $rewind_q}
  parameters:
    unix_socket_directories: /run/postgresql
  pg_hba:
    - local all all peer map=local
    - host all ${POSTGRES_APP_USER} samenet scram-sha-256
    - host postgres rebobinador samenet scram-sha-256
    - host replication ${REPLICATION_USER} samenet scram-sha-256
  pg_ident:
    - local postgres ${POSTGRES_USER}
    - local postgres ${POSTGRES_APP_USER}
YAML
  )
  mkdir -p -m 700 "$PGDATA/patroni"
  log "starting Patroni: member $PATRONI_NAME of cluster $PATRONI_SCOPE"
  exec patroni "$config"
}
