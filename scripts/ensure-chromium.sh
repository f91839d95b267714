#!/usr/bin/env bash
# Make sure Debian's chromium is at /usr/bin/chromium for the browser tests (Playwright
# drives it through `executable_path`; no browser is ever downloaded). Fails loudly.
set -euo pipefail

browser=/usr/bin/chromium
if [ ! -x "$browser" ]; then
  echo "ensure-chromium: installing chromium from Debian's packages" >&2
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >&2 || true
  $sudo apt-get install -y -qq chromium >&2 || true
fi
[ -x "$browser" ] || { echo "ensure-chromium: $browser is missing and could not be installed" >&2; exit 1; }
"$browser" --version >&2
