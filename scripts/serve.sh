#!/usr/bin/env bash
# Installs what is needed (setup.sh), builds the site into dist/ and serves it on
# http://127.0.0.1:8000 until Ctrl-C. PORT=8080 bash scripts/serve.sh for another port.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python build.py dist
PORT="${PORT:-8000}"
echo "Staycheck: http://127.0.0.1:${PORT}/  (Ctrl-C stops)"
# A static server with the content types the built site needs (build.CONTENT_TYPES).
exec .venv/bin/python - "$PORT" <<'PY'
import functools
import http.server
import sys

sys.path.insert(0, ".")
from build import CONTENT_TYPES


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **CONTENT_TYPES}


handler = functools.partial(Handler, directory="dist")
with http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), handler) as server:
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
PY
