#!/usr/bin/env bash
# Installs what building and running the image with podman needs, from Debian's packages, when missing.
set -euo pipefail

missing=()
for tool in podman runc debootstrap; do
  command -v "$tool" > /dev/null || missing+=("$tool")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get > /dev/null; then
  echo "error: ${missing[*]} not installed; install them (Debian: apt-get install ${missing[*]}) and run again" >&2
  exit 1
fi
echo "installing ${missing[*]} (apt-get)"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null
