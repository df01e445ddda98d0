#!/usr/bin/env bash
# Make the system tools the tests need available: promtool (checks the
# Prometheus rules in deploy/) and socat (virtual serial ports for device tests).
# Idempotent and quiet when they are already installed; installs with apt-get
# when running as root, otherwise says what to install and fails.
set -euo pipefail

# command -> Debian package that provides it
declare -A PACKAGES=([promtool]=prometheus [socat]=socat)

missing=()
for tool in promtool socat; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("${PACKAGES[$tool]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-tools: ${missing[*]} not installed and this user is not root;" \
        "install them with: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-tools: ${missing[*]} not installed and apt-get is not available; install them by hand" >&2
    exit 1
fi
echo "ensure-tools: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
for tool in promtool socat; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "ensure-tools: $tool is still missing after installing ${missing[*]}" >&2
        exit 1
    fi
done
