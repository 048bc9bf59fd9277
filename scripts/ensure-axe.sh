#!/usr/bin/env bash
# axe-core for the storefront's accessibility test (tests/e2e/test_loja.py), from the npm registry:
# the test injects it into each page; it never goes into an image. Safe to run again: a copy of the
# pinned version already in place is kept.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSAO=${AXE_CORE_VERSION:-4.10.3}
DESTINO=tests/artefatos/ferramentas/axe-core-$VERSAO.min.js
log() { printf '[axe-core] %s\n' "$*"; }

if [ -s "$DESTINO" ]; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || { log "npm is missing: apt-get install -y npm"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# `npm pack` fetches the package's tarball from the registry without installing anything.
(cd "$tmp" && npm pack --silent "axe-core@$VERSAO" >/dev/null)
tar -xzf "$tmp"/axe-core-"$VERSAO".tgz -C "$tmp" package/axe.min.js
mkdir -p "$(dirname "$DESTINO")"
mv "$tmp"/package/axe.min.js "$DESTINO"
log "axe-core $VERSAO in $DESTINO"
