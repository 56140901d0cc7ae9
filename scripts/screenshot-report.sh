#!/usr/bin/env bash
# `make screenshot`: runs the sample night into a scratch directory and renders its report.html
# with headless Chromium into docs/report.png (the picture in README "What a finance reader gets
# each morning"). Not part of `make test`: Chromium and the CJK fonts (the sample tenant's name is
# Chinese) are installed here, with apt, only when missing.
#   usage: scripts/screenshot-report.sh [BINARY] [OUTPUT.png]
#   env:   WIDTH (default 1000), HEIGHT (default 2800: the sample page's length), ZONE (default Asia/Shanghai)
set -euo pipefail
bin="${1:-.build/release/ledger-recon}"
out="${2:-docs/report.png}"
width="${WIDTH:-1000}"
height="${HEIGHT:-2800}"
zone="${ZONE:-Asia/Shanghai}"

browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
missing=()
[ -n "$browser" ] || missing+=(chromium)
fc-list : family 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "screenshot: missing ${missing[*]}; run: sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    echo "screenshot: installing ${missing[*]} with apt-get" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome)"
fi
[ -x "$bin" ] || { echo "screenshot: no binary at $bin (make release first)" >&2; exit 1; }

root="$(pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp samples/*.csv "$scratch"/
(
    cd "$scratch"
    "$root/$bin" run --db ledger.sqlite --create-db --tenants tenants.csv --accounts accounts.csv \
        --transfers transfers.csv --expected expected_balances.csv --reports reports --timezone "$zone" >/dev/null 2>&1 || true
)
page="$scratch/reports/latest/report.html"
[ -f "$page" ] || { echo "screenshot: the sample night wrote no report.html" >&2; exit 1; }
# Chromium refuses to run as root without --no-sandbox; the page is our own file and runs no script.
sandbox=()
[ "$(id -u)" -ne 0 ] || sandbox=(--no-sandbox)
mkdir -p "$(dirname "$out")"
"$browser" --headless "${sandbox[@]}" --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --window-size="$width,$height" --screenshot="$root/$out" "file://$page" >/dev/null 2>&1
echo "screenshot: $out (${width}x${height}) from the sample night's report.html"
