#!/usr/bin/env bash
# The benchmark's load generator for HTTP rates: wrk, from Debian's packages.
set -euo pipefail
if ! command -v wrk >/dev/null 2>&1; then
  echo "[bench] installing wrk with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
