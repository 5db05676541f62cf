#!/usr/bin/env bash
# `npm run test:deploy`: podman and its tools (installed when missing), the base image (built once,
# then cached in podman's store), the Gatehouse image, then the topology test, which removes its containers.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
"$repo/deploy/podman/install-tools.sh"
"$repo/deploy/podman/build-base.sh"
"$repo/deploy/podman/build-image.sh"
source "$repo/deploy/podman/image.env"
cd "$repo"
IMAGE="$IMAGE" npx vitest run --config test/deploy/vitest.config.ts
