#!/usr/bin/env bash
# Provide the base image debian:bookworm-slim: pulled when a registry is reachable, otherwise
# built locally with debootstrap and docker import (machines without Docker Hub).
set -euo pipefail

image=debian:bookworm-slim
log() { printf '[base-image] %s\n' "$*"; }

if docker image inspect "$image" >/dev/null 2>&1; then
  log "$image already present"
  exit 0
fi
# GNU timeout bounds a pull that hangs behind a proxy; macOS has no timeout, and Docker Desktop pulls.
limite=""
command -v timeout >/dev/null 2>&1 && limite="timeout 60"
if $limite docker pull -q "$image" >/dev/null 2>&1; then
  log "pulled $image"
  exit 0
fi

if [ "$(uname -s)" != Linux ]; then
  log "cannot pull $image, and building it (debootstrap) needs Linux: on Docker Desktop, run docker pull $image and read its error"
  exit 1
fi
log "cannot pull $image: building it with debootstrap (about a minute)"
command -v debootstrap >/dev/null || { log "debootstrap is missing: apt-get install debootstrap"; exit 1; }
mirror=${DEBIAN_MIRROR:-$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)}
if [ -z "$mirror" ]; then
  mirror=$(grep -hoE '^URIs: *[^[:space:]]+' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1 | awk '{print $2}')
fi
mirror=${mirror:-http://deb.debian.org/debian}
root=$(mktemp -d /tmp/bookworm-rootfs.XXXXXX)
trap 'rm -rf "$root"' EXIT
debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null
# Slim it like the official image: no apt lists, docs or caches.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/usr/share/doc/* "$root"/usr/share/man/*
tar -C "$root" -c . | docker import --change 'CMD ["bash"]' - "$image" >/dev/null
log "built $image from $mirror"
