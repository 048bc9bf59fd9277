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
if timeout 60 docker pull -q "$image" >/dev/null 2>&1; then
  log "pulled $image"
  exit 0
fi

log "cannot pull $image: building it with debootstrap (about a minute)"
command -v debootstrap >/dev/null || { log "debootstrap is missing: apt-get install debootstrap"; exit 1; }
mirror=${DEBIAN_MIRROR:-$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)}
if [ -z "$mirror" ]; then
  mirror=$(grep -hoE '^URIs: *\S+' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1 | awk '{print $2}')
fi
mirror=${mirror:-http://deb.debian.org/debian}
root=$(mktemp -d /tmp/bookworm-rootfs.XXXXXX)
trap 'rm -rf "$root"' EXIT
debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null
# Slim it like the official image: no apt lists, docs or caches.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/usr/share/doc/* "$root"/usr/share/man/*
tar -C "$root" -c . | docker import --change 'CMD ["bash"]' - "$image" >/dev/null
log "built $image from $mirror"
