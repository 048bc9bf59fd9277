#!/usr/bin/env bash
# Patroni's post_bootstrap: once, on the member that made the cluster, the app's role and its
# database (papeis.sql). Patroni passes the superuser's connection string; the standbys get it all
# through replication.
set -euo pipefail
psql "$1" -v ON_ERROR_STOP=1 -q -f /usr/local/share/confeitaria/papeis.sql \
  -v db="$POSTGRES_DB" -v app="$POSTGRES_APP_USER" >/dev/null
# papeis.sql takes CONNECT on `postgres` from PUBLIC: pg_rewind's user still needs it to compare a
# former leader with the new one. Patroni makes that user right after this script (password, the
# functions it may call), and keeps a role that exists.
psql "$1" -v ON_ERROR_STOP=1 -q <<'SQL'
SELECT 'CREATE ROLE rebobinador LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rebobinador')\gexec
GRANT CONNECT ON DATABASE postgres TO rebobinador;
SQL
