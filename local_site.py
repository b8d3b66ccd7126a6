"""The built site on this machine: one static server and one set of Chromium flags for the
end-to-end tests (tests/e2e/conftest.py), benchmarks/page.py and scripts/serve.sh.

    python local_site.py [FOLDER] [--port 8000] [--like-pages]     serve a built site until Ctrl-C

The server listens on 127.0.0.1 only, with the content types the built files need
(build.CONTENT_TYPES), and records every request it answers: the path, the Host header,
when it came and how many bytes of body went out. By default it tells browsers to
revalidate everything (`Cache-Control: no-cache`), so a test always sees the files it
built. With `like_pages=True` (`--like-pages`) it behaves as GitHub Pages does, for the
benchmarks and the update tests (tests/e2e/test_updates.py: a reload after a deploy):
`Cache-Control: max-age=600`, ETags (a revalidation is a 304), and gzip (level 6, done
once ahead of the visits, as a CDN keeps it) for text types, JSON, SVG and WebAssembly;
everything else goes as it is.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import hashlib
import http.server
import shutil
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import build  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The features Chromium starts without. It keeps only the last --disable-features it is
# given, and Playwright gives its own list first: so this list repeats Playwright's (1.65;
# tests/e2e/test_browser.py fails if a Playwright upgrade adds one that is not here) and
# adds the address bar's pop-up. Chromium 156 loads that pop-up (a WebUI page of about 200
# scripts, twice, in renderers of its own) at every start, headless or not: about 1.5 s of
# CPU taken from the page under test in its first two seconds on two cores. A phone's
# browser has no such pop-up (issue 13).
PLAYWRIGHT_DISABLED_FEATURES = (
    "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable", "LensOverlay", "MediaRouter", "PaintHolding",
    "ThirdPartyStoragePartitioning", "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin", "OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled",
    "PreconnectToSearch", "msForceBrowserSignIn", "msEdgeUpdateLaunchServicesPreferredVersion",
)
DISABLED_FEATURES = (
    *PLAYWRIGHT_DISABLED_FEATURES,
    "WebUIOmniboxAimPopup", "WebUIOmniboxFullPopup", "WebUIOmniboxPopup",
)
# Headless Debian Chromium that reaches nothing but 127.0.0.1 and starts no background
# traffic of its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    f"--disable-features={','.join(DISABLED_FEATURES)}",
]

# A compiled WebAssembly module Chromium keeps in a profile's code cache (the runtime's:
# 0.7-1.2 MB; the cache's other entries are under 1 kB).
COMPILED_MODULE_BYTES = 100_000


def compiled_module_bytes(profile: Path) -> int:
    """The size of the largest entry in the WebAssembly code cache of a Chromium profile
    (a user-data folder), 0 if none: >= COMPILED_MODULE_BYTES once it keeps the runtime."""
    folder = profile / "Default" / "Code Cache" / "wasm"
    return max((entry.stat().st_size for entry in folder.glob("*_0")), default=0)


# What GitHub Pages sends gzipped (text types and WebAssembly); the rest goes as it is.
COMPRESSED_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/manifest+json",
    "image/svg+xml",
    "application/wasm",
)


def content_type(path: Path) -> str:
    return build.CONTENT_TYPES.get(path.suffix, "application/octet-stream")


@dataclass(frozen=True, slots=True)
class Request:
    path: str
    host: str
    when: float  # time.time() when it came
    sent: int  # bytes of body sent (0 for a 304)


class _Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # Chromium revalidates with an ETag only over HTTP/1.1
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        **build.CONTENT_TYPES,
    }  # for HEAD requests, which SimpleHTTPRequestHandler answers itself

    def log_message(self, format: str, *args) -> None:
        pass

    def do_GET(self) -> None:
        started = time.time()
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            self.server.record(Request(self.path, self.headers.get("Host", ""), started, 0))
            return
        kind = content_type(path)
        body, etag, gzipped = self.server.body(path, kind)
        if gzipped and "gzip" not in self.headers.get("Accept-Encoding", ""):
            body, gzipped = path.read_bytes(), False
        cache = "max-age=600" if self.server.like_pages else "no-cache"
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", cache)
            self.end_headers()
            self.server.record(Request(self.path, self.headers.get("Host", ""), started, 0))
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Cache-Control", cache)
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)
        self.server.record(Request(self.path, self.headers.get("Host", ""), started, len(body)))


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path, port: int, like_pages: bool, record) -> None:
        handler = functools.partial(_Handler, directory=str(root))
        super().__init__(("127.0.0.1", port), handler)
        self.like_pages, self.record = like_pages, record
        self.bodies: dict[Path, tuple[bytes, str, bool]] = {}
        self.lock = threading.Lock()

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser closing: no news
            super().handle_error(request, client_address)

    def body(self, path: Path, kind: str) -> tuple[bytes, str, bool]:
        """The file's body as sent, its ETag, and whether the body is gzipped (compressed
        once, when first asked for: the benchmark asks for every file before its visits)."""
        with self.lock:
            data = path.read_bytes()
            etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
            cached = self.bodies.get(path)
            if cached is None or cached[1] != etag:  # a test may change a file it serves
                gzipped = self.like_pages and kind.startswith(COMPRESSED_TYPES)
                body = gzip.compress(data, compresslevel=6, mtime=0) if gzipped else data
                cached = self.bodies[path] = (body, etag, gzipped)
            return cached


class StaticServer:
    """A built site served on 127.0.0.1 (a free port unless `port` is given) in a thread of
    its own; `requests` lists what it answered, oldest first."""

    def __init__(self, root: Path, *, like_pages: bool = False, port: int = 0) -> None:
        self.root = root
        self.log: list[Request] = []
        self.httpd = _Server(root, port, like_pages, self.log.append)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def requests(self) -> list[tuple[str, str]]:
        """(path, Host header) of every request, oldest first."""
        return [(request.path, request.host) for request in self.log]

    def compress_ahead(self) -> None:
        """Prepare every file's body now (for the benchmark: no visit waits for gzip)."""
        for path in self.root.rglob("*"):
            if path.is_file():
                self.httpd.body(path, content_type(path))

    def stop(self) -> None:
        if self.thread.is_alive():
            self.httpd.shutdown()
            self.httpd.server_close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve a built site on 127.0.0.1.")
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "dist")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--like-pages", action="store_true", help="cache headers and gzip as GitHub Pages sends"
    )
    args = parser.parse_args(argv)
    server = StaticServer(args.folder.resolve(), port=args.port, like_pages=args.like_pages)
    print(f"Staycheck: {server.url}  (Ctrl-C stops)", flush=True)
    try:
        server.thread.join()
    except KeyboardInterrupt:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
