#!/usr/bin/env bash
# Download every service's Python wheels into microservices/wheelhouse/, for images built where
# pip inside a container cannot reach PyPI. The Dockerfile installs from it with --no-index
# whenever it holds wheels; an empty wheelhouse means "install from PyPI" (the online default).
# Runs on Linux and on macOS (bash 3.2, BSD tools).
set -euo pipefail
cd "$(dirname "$0")/.."
out=microservices/wheelhouse
stamp="$out/.requirements.sha256"

# sha256sum is GNU coreutils; macOS has shasum instead.
sha256() { if command -v sha256sum >/dev/null 2>&1; then sha256sum; else shasum -a 256; fi; }  # GNU: checked

# The images' architecture is the Docker engine's (Docker Desktop on an Apple chip builds arm64
# Linux images), in the names the manylinux tags use: x86_64 or aarch64 (never macOS's arm64).
arquitetura() {
  local arch
  arch=$(docker version --format '{{.Server.Arch}}' 2>/dev/null || uname -m)
  case "$arch" in
    amd64|x86_64) echo x86_64 ;;
    arm64|aarch64) echo aarch64 ;;
    *) echo "$arch" ;;
  esac
}

arch=$(arquitetura)
sum=$( (cat microservices/*/requirements.txt; echo "$arch") | sha256 | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
  echo "[wheelhouse] up to date"
  exit 0
fi
# Download beside it and swap at the end: a half-downloaded wheelhouse would make every build
# install with --no-index from an incomplete set (and fail), where an empty one uses PyPI.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wheelhouse.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# Wheels for the image's interpreter (Debian bookworm: CPython 3.11, glibc 2.36).
for req in microservices/*/requirements.txt; do
  python3 -m pip download --quiet --only-binary=:all: \
    --python-version 3.11 --implementation cp --abi cp311 \
    --platform "manylinux_2_36_${arch}" --platform "manylinux_2_17_${arch}" \
    --platform "manylinux2014_${arch}" --platform any \
    -r "$req" -d "$tmp" 2> >(grep -v '^WARNING: Location' >&2)
done
find "$out" -name '*.whl' -exec rm -f {} +
mv "$tmp"/*.whl "$out"/
echo "$sum" > "$stamp"
echo "[wheelhouse] $(find "$out" -name '*.whl' | wc -l | tr -d ' ') wheels in $out for $arch"
