#!/usr/bin/env bash
# Make the system tools the tests need available: promtool (checks the
# Prometheus rules in deploy/), amtool (checks deploy/alertmanager/), socat (virtual serial ports for device tests)
# and a CJK font (hoctl prints Chinese purchase orders with it: po_export.py).
# Idempotent and quiet when they are already installed; installs with apt-get
# when running as root, otherwise says what to install and fails.
set -euo pipefail

# command -> Debian package that provides it
declare -A PACKAGES=([promtool]=prometheus [amtool]=prometheus-alertmanager [socat]=socat)

# Any of these fonts will do (headoffice/cli/po_export.py CJK_FONTS); the first is installed.
CJK_FONTS=(/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
           /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc)
have_cjk_font() {
    local font
    for font in "${CJK_FONTS[@]}"; do [ -f "$font" ] && return 0; done
    return 1
}

missing=()
for tool in promtool amtool socat; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("${PACKAGES[$tool]}")
done
have_cjk_font || missing+=(fonts-wqy-microhei)
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
for tool in promtool amtool socat; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "ensure-tools: $tool is still missing after installing ${missing[*]}" >&2
        exit 1
    fi
done
if ! have_cjk_font; then
    echo "ensure-tools: no CJK font after installing ${missing[*]}" >&2
    exit 1
fi
