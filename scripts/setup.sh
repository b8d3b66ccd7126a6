#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian machine: Debian's Chromium
# (for the end-to-end tests; Playwright's own browser download does not work here),
# a virtual environment with the Python packages, and the pinned npm Pyodide package.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--with-browser" ] && ! command -v chromium >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
# The command line's translations: site/locale/*.po compiled into core/staycheck/locale/*.mo.
bash scripts/catalogs.sh compile

if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
fi
# The location-history import's borders, from the pinned country-coder (not in git).
node scripts/export_borders.mjs core/staycheck/history/borders.json
