#!/usr/bin/env bash
# What the image builds need on a machine that may lack Docker Hub, PyPI or npm inside builds.
#   prepare-images.sh              the services' (make images): the debian:bookworm-slim base image
#                                  (pulled, or made with debootstrap) and microservices/wheelhouse/
#   prepare-images.sh ferramentas  the `ferramentas` profile's (make images-ferramentas): pgAdmin's
#                                  wheelhouse (pgadmin/wheelhouse/, about 200 MB) and Redis
#                                  Commander's npm packages (redis-commander/node_modules/)
# Each step is skipped when what it prepared is up to date. A step that fails leaves its image to
# download from PyPI or npm in its build (the online default), and says which one.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-servicos}" in
  servicos)
    bash scripts/build-base-image.sh
    bash scripts/build-wheelhouse.sh servicos \
      || echo "[wheelhouse] microservices/wheelhouse not built: the services' images will install from PyPI"
    ;;
  ferramentas)
    bash scripts/build-wheelhouse.sh pgadmin \
      || echo "[wheelhouse] pgadmin/wheelhouse not built: the pgAdmin image will install from PyPI"
    bash scripts/build-node-modules.sh \
      || echo "[node-modules] redis-commander/node_modules not prepared: the Redis Commander image will use the npm registry"
    ;;
  *)
    echo "usage: $0 [servicos|ferramentas]" >&2
    exit 2
    ;;
esac
