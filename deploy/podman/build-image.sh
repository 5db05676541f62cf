#!/usr/bin/env bash
# Builds the Gatehouse image from the Containerfile with podman, on the base build-base.sh made.
# The build reaches the npm registry through the host's network; a CA bundle the host trusts for it
# (NODE_EXTRA_CA_CERTS, else npm's cafile) is mounted into the build, never copied into the image.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
source "$here/image.env"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/containers.conf}"

ca="${NODE_EXTRA_CA_CERTS:-$(npm config get cafile 2> /dev/null || true)}"
ca_args=()
if [ -n "$ca" ] && [ -f "$ca" ]; then
  ca_args=(--volume "$ca:/run/gatehouse-build/ca.crt:ro" --build-arg NODE_EXTRA_CA_CERTS=/run/gatehouse-build/ca.crt)
fi

echo "image $IMAGE: building on $BASE_IMAGE"
# docker format: OCI images drop HEALTHCHECK.
podman build --quiet --format docker --network host --build-arg "BASE=$BASE_IMAGE" "${ca_args[@]}" \
  --tag "$IMAGE" --file "$repo/Containerfile" "$repo" > /dev/null
echo "image $IMAGE: built"
