#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (/usr/bin/chromium) through Playwright;
# nothing is downloaded by Playwright itself. Install it when it is missing and we may.
set -eu
CHROMIUM="${CALMLINE_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium not found at $CHROMIUM: installing Debian's chromium package (needed by the browser tests)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  exit 0
fi
if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "Chromium not found at $CHROMIUM: installing Debian's chromium package with sudo..."
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Chromium not found at $CHROMIUM. The browser tests need it." >&2
echo "Install it with:  sudo apt-get install chromium   (or set CALMLINE_CHROMIUM to another Chromium binary)." >&2
echo "The other tests still run; the browser tests will report the same message." >&2
exit 0
