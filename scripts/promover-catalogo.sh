#!/usr/bin/env bash
# Promote the catalog's standby when its primary is lost for good (docs/FAILOVER.md).
# Refuses while the other node still answers as a primary: two primaries would split the catalog.
# The catalog apps need no change (their connection strings list both nodes, read-write first);
# start the old primary afterwards and it rejoins as a standby of the new one.
set -euo pipefail
cd "$(dirname "$0")/.."

recovery() { docker compose exec -T "$1" psql -U confeitaria -d postgres -Atc 'SELECT pg_is_in_recovery()' 2>/dev/null || true; }

primary="" standby=""
for node in catalogo-db catalogo-db-replica; do
  case "$(recovery "$node")" in
    t) standby=$node ;;
    f) primary=$node ;;
  esac
done
if [ -n "$primary" ]; then
  echo "$primary still answers as the primary: stop it first (docker compose stop $primary)" >&2
  exit 1
fi
[ -n "$standby" ] || { echo "no standby of the catalog answers" >&2; exit 1; }
docker compose exec -T "$standby" psql -U confeitaria -d postgres -Atc 'SELECT pg_promote(true, 60)' >/dev/null
echo "$standby is the catalog's primary now; 'docker compose start' the other node to rejoin it as a standby"
