#!/usr/bin/env bash
# The benchmark's load generator for HTTP rates: wrk, from Debian's packages.
set -euo pipefail
if ! command -v wrk >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "[bench] wrk is missing and this script installs it on Debian only: install wrk (macOS: brew install wrk)"
    exit 1
  fi
  echo "[bench] installing wrk with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
