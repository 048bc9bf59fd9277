#!/usr/bin/env bash
# Download the images' Python wheels, for images built where pip inside a container cannot reach
# PyPI:
#   build-wheelhouse.sh [servicos]  every service's into microservices/wheelhouse/ (make images)
#   build-wheelhouse.sh pgadmin     pgAdmin's (the `ferramentas` profile, about 200 MB) into
#                                   pgadmin/wheelhouse/ (make images-ferramentas)
# The Dockerfiles install from a wheelhouse with --no-index whenever it holds wheels; an empty
# wheelhouse means "install from PyPI" (the online default).
# Runs on Linux and on macOS (bash 3.2, BSD tools).
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-servicos}" in
  servicos|pgadmin) qual=${1:-servicos} ;;
  *) echo "usage: $0 [servicos|pgadmin]" >&2; exit 2 ;;
esac

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
temporarios=()
limpar() { [ ${#temporarios[@]} -eq 0 ] || rm -rf "${temporarios[@]}"; }
trap limpar EXIT

# wheelhouse OUT REQUIREMENTS...: the wheels of every requirements file into OUT, unless OUT's
# stamp says it holds them already. A file named *-sdist.txt lists pure-Python packages PyPI has
# only as source: they are built into (py3-none-any) wheels here first, so that the download,
# which may take wheels only, finds them.
wheelhouse() {
  local out=$1 stamp="$1/.requirements.sha256" sum tmp req
  shift
  sum=$( (cat "$@"; echo "$arch") | sha256 | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    echo "[wheelhouse] $out up to date"
    return 0
  fi
  # Download beside it and swap at the end: a half-downloaded wheelhouse would make every build
  # install with --no-index from an incomplete set (and fail), where an empty one uses PyPI.
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/wheelhouse.XXXXXX")
  temporarios+=("$tmp")
  for req in "$@"; do
    case "$req" in
      *-sdist.txt)
        python3 -m pip wheel --quiet --no-deps -r "$req" -w "$tmp" 2> >(grep -v '^WARNING: Location' >&2) ;;
      *)
        # Wheels for the image's interpreter (Debian bookworm: CPython 3.11, glibc 2.36).
        python3 -m pip download --quiet --only-binary=:all: --find-links "$tmp" \
          --python-version 3.11 --implementation cp --abi cp311 \
          --platform "manylinux_2_36_${arch}" --platform "manylinux_2_17_${arch}" \
          --platform "manylinux2014_${arch}" --platform any \
          -r "$req" -d "$tmp" 2> >(grep -v '^WARNING: Location' >&2) ;;
    esac
  done
  mkdir -p "$out"
  find "$out" -name '*.whl' -exec rm -f {} +
  mv "$tmp"/*.whl "$out"/
  echo "$sum" > "$stamp"
  echo "[wheelhouse] $(find "$out" -name '*.whl' | wc -l | tr -d ' ') wheels in $out for $arch"
}

if [ "$qual" = servicos ]; then
  wheelhouse microservices/wheelhouse microservices/*/requirements.txt
else
  wheelhouse pgadmin/wheelhouse pgadmin/requirements-sdist.txt pgadmin/requirements.txt
fi
