#!/usr/bin/env bash
# Everything the image builds need on a machine that may lack Docker Hub, PyPI or npm inside
# builds: the debian:bookworm-slim base image (pulled, or made with debootstrap), the wheelhouses
# and Redis Commander's npm packages (the `ferramentas` profile's images).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-base-image.sh
# A wheelhouse makes image builds offline; without host access to PyPI the images use PyPI.
bash scripts/build-wheelhouse.sh || echo "[wheelhouse] not built: images will install from PyPI"
bash scripts/build-node-modules.sh || echo "[node-modules] not prepared: the Redis Commander image will use the npm registry"
