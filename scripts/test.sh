#!/usr/bin/env bash
# Sets up everything (see setup.sh) and runs every test: the linters and formatters
# (ruff for Python, Biome for the scripts), the scripts' unit tests (Node's own test
# runner), then pytest: the core, the build, the end-to-end suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-browser
.venv/bin/ruff check .
npx --no-install biome check .
node --test tests/js/*.test.js
.venv/bin/python -m pytest "$@"
