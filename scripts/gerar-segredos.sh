#!/usr/bin/env bash
# Print an env file for production mode: CONFEITARIA_MODO=producao and a random value for every
# secret docker-compose.yml or the failover override has a lab default for (each a `lab-` default
# there). Usage:
#   bash scripts/gerar-segredos.sh > producao.env && chmod 600 producao.env
#   docker compose --env-file producao.env up -d --wait
# The staff password is random too: it is printed once, on stderr; the file holds only its hash
# (werkzeug's format, computed with Python's standard library). Passwords are 64 hex characters:
# safe inside the URLs without any escaping.
set -euo pipefail
cd "$(dirname "$0")/.."

aleatorio() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

senha_da_equipe=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
hash_da_equipe=$(python3 - "$senha_da_equipe" <<'PY'
import hashlib, secrets, string, sys
sal = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(16))
chave = hashlib.pbkdf2_hmac("sha256", sys.argv[1].encode(), sal.encode(), 600_000).hex()
print(f"pbkdf2:sha256:600000${sal}${chave}")
PY
)

echo "# Written by scripts/gerar-segredos.sh on $(date -u +%Y-%m-%dT%H:%MZ). Keep it secret (chmod 600)."
echo "CONFEITARIA_MODO=producao"
# With secrets of its own the stack may face the network (put TLS in front: docs/SEGURANCA.md).
echo "GATEWAY_BIND=0.0.0.0"
for nome in $(grep -oh '\${[A-Z_]*:-lab-' docker-compose.yml docker-compose.ha.yml | sed 's/\${\(.*\):-lab-/\1/' | sort -u); do
  echo "$nome=$(aleatorio)"
done
# Single quotes: compose reads the value as written (its $ are not variables).
echo "STAFF_SENHA_HASH='$hash_da_equipe'"
echo "staff password (user ${STAFF_USUARIO:-admin}): $senha_da_equipe" >&2
