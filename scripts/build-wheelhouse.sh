#!/usr/bin/env bash
# Download every service's Python wheels into microservices/wheelhouse/, for images built where
# pip inside a container cannot reach PyPI. The Dockerfile installs from it with --no-index
# whenever it holds wheels; an empty wheelhouse means "install from PyPI" (the online default).
set -euo pipefail
cd "$(dirname "$0")/.."
out=microservices/wheelhouse
stamp="$out/.requirements.sha256"
sum=$(cat microservices/*/requirements.txt | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
  echo "[wheelhouse] up to date"
  exit 0
fi
find "$out" -name '*.whl' -delete
# Wheels for the image's interpreter (Debian bookworm: CPython 3.11, glibc 2.36, x86_64/arm64).
arch=$(uname -m)
for req in microservices/*/requirements.txt; do
  (cd "$(dirname "$req")" && python3 -m pip download --quiet --only-binary=:all: \
    --python-version 3.11 --implementation cp --abi cp311 \
    --platform "manylinux_2_36_${arch}" --platform "manylinux_2_17_${arch}" \
    --platform "manylinux2014_${arch}" --platform any \
    -r requirements.txt -d "../wheelhouse") 2> >(grep -v '^WARNING: Location' >&2)
done
echo "$sum" > "$stamp"
echo "[wheelhouse] $(find "$out" -name '*.whl' | wc -l) wheels in $out"
