#!/usr/bin/env bash
# Installs what is needed (setup.sh), builds the site into dist/ and serves it on
# http://127.0.0.1:8000 until Ctrl-C. PORT=8080 bash scripts/serve.sh for another port.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python build.py dist
PORT="${PORT:-8000}"
echo "Staycheck: http://127.0.0.1:${PORT}/  (Ctrl-C stops)"
# A static server with the MIME types a module worker and WebAssembly need, whatever
# the machine's /etc/mime.types says.
exec .venv/bin/python - "$PORT" <<'PY'
import functools
import http.server
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".webmanifest": "application/manifest+json",
        ".svg": "image/svg+xml",
        ".zip": "application/zip",
    }


handler = functools.partial(Handler, directory="dist")
with http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), handler) as server:
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
PY
