# Sourced by the entrypoint and the redis-admin / redis-healthcheck helpers.
# senha_de USER: the password of a Redis user, from REDIS_PASSWORD_<USER> or the file
# REDIS_PASSWORD_<USER>_FILE names (Docker secrets).
senha_de() {
  local nome="REDIS_PASSWORD_$(printf '%s' "$1" | tr 'a-z-' 'A-Z_')"
  local arquivo="${nome}_FILE"
  if [ -n "${!arquivo:-}" ]; then
    if [ -n "${!nome:-}" ]; then
      echo "set $nome or ${nome}_FILE, not both" >&2
      return 1
    fi
    local valor
    valor=$(cat "${!arquivo}") || return 1
    printf '%s' "$valor"
  elif [ -n "${!nome:-}" ]; then
    printf '%s' "${!nome}"
  else
    echo "$nome (or ${nome}_FILE) is required" >&2
    return 1
  fi
}
