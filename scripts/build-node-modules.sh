#!/usr/bin/env bash
# Install Redis Commander's npm packages (redis-commander/package-lock.json) into
# redis-commander/node_modules/ on the host, for image builds that cannot reach the npm registry
# (the `ferramentas` profile). redis-commander/Dockerfile copies them when they are there, and runs
# npm ci itself otherwise (the online default). All of them are JavaScript: optional native ones
# (bcrypt, for which Redis Commander falls back to bcryptjs) and install scripts are left out, so
# the host's Node.js version and platform do not matter.
# Runs on Linux and on macOS (bash 3.2, BSD tools).
set -euo pipefail
cd "$(dirname "$0")/../redis-commander"
stamp=node_modules/.package-lock.sha256

# sha256sum is GNU coreutils; macOS has shasum instead.
sha256() { if command -v sha256sum >/dev/null 2>&1; then sha256sum; else shasum -a 256; fi; }  # GNU: checked

command -v npm >/dev/null 2>&1 || { echo "[node-modules] npm is missing: the image will run npm ci itself"; exit 1; }
sum=$(sha256 < package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
  echo "[node-modules] redis-commander/node_modules up to date"
  exit 0
fi
# Install beside it and swap at the end: a half-installed node_modules/ would go into the image.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/node-modules.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp package.json package-lock.json "$tmp"/
(cd "$tmp" && npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
rm -rf node_modules
mv "$tmp/node_modules" node_modules
echo "$sum" > "$stamp"
echo "[node-modules] redis-commander/node_modules installed from package-lock.json"
