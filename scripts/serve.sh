#!/usr/bin/env bash
# Installs what is needed (setup.sh), builds the site into dist/ and serves it on
# http://127.0.0.1:8000 until Ctrl-C. PORT=8080 bash scripts/serve.sh for another port.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python build.py dist
PORT="${PORT:-8000}"
# The static server the end-to-end tests and the benchmark use (local_site.py).
exec .venv/bin/python local_site.py dist --port "$PORT"
