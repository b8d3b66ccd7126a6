#!/usr/bin/env bash
# Sets up everything (see setup.sh) and runs every test: lint, the core, the end-to-end suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-browser
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
