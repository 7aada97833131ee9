#!/usr/bin/env bash
# Finds Chromium for the e2e tests (CHROME_PATH, then system paths). On a Debian machine where we run
# as root and find none, installs Debian's chromium; elsewhere stops with a one-line instruction.
set -euo pipefail
for candidate in "${CHROME_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome /usr/bin/google-chrome-stable; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; exit 0; fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium not found: installing Debian's chromium…" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  echo /usr/bin/chromium
  exit 0
fi
echo "No Chromium found: install it (Debian: sudo apt-get install -y chromium) or set CHROME_PATH=/path/to/chrome" >&2
exit 1
