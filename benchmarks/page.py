"""How fast the calculator page answers, against the floor Pyodide itself sets.

    .venv/bin/python benchmarks/page.py [--runs 3]

Builds the site into a temporary folder, adds a bare page that does nothing but call
loadPyodide() in a module worker from the same runtime files, serves both on 127.0.0.1
(with `Cache-Control: max-age=600`, as GitHub Pages sends) and drives Debian's Chromium:

- cold: a browser started on a new profile (empty disk cache, no service worker);
- warm: the browser started again on the same profile (the service worker's cache for
  the site, the disk cache for the bare page), as a user's second visit.

The bytes of a cold visit include the service worker's conditional requests that fill
its cache after the first answer (mostly 304s: the files are in the disk cache).

For each it prints the median over the runs of: the time from navigation to the form
being usable (DOMContentLoaded: the trips are on screen and editable), to loadPyodide()
resolving, to the calculator being ready (the core loaded), to the first answer on
screen, and the bytes the server sent. The last column, the time from loadPyodide()
resolving to the first answer, is what the page adds to Pyodide's own start-up; it is
the figure least disturbed by other load on the machine.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

import build  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
TIMEOUT_MS = 120_000

BARE_PAGE = """<!doctype html>
<meta charset="utf-8">
<title>loadPyodide() only</title>
<script type="module" src="bare.js"></script>
"""
BARE_SCRIPT = """
const worker = new Worker(new URL("./bare-worker.js", import.meta.url), { type: "module" });
worker.onmessage = () => {
  performance.mark("staycheck:core");
  performance.mark("staycheck:ready");
  performance.mark("staycheck:first-answer");
  document.body.dataset.answer = "1";
};
"""
BARE_WORKER = """
import { indexURL, loadPyodide } from "../static/runtime.js";
await loadPyodide({ indexURL });
postMessage("ready");
"""

TIMINGS = """() => {
  const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
  const nav = performance.getEntriesByType("navigation")[0];
  return {
    usable: nav.domContentLoadedEventEnd,
    runtime: mark("staycheck:core"),
    ready: mark("staycheck:ready"),
    answer: mark("staycheck:first-answer"),
  };
}"""


class CountingHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - the stdlib's own class attribute, extended
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".webmanifest": "application/manifest+json",
        ".zip": "application/zip",
    }

    def log_message(self, format: str, *args) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def copyfile(self, source, outputfile) -> None:
        data = source.read()
        self.server.sent += len(data)
        outputfile.write(data)


def serve(root: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(CountingHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.sent = 0
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def visit(playwright, profile: Path, url: str, server, *, service_worker: bool) -> dict:
    """One visit in a browser started on `profile` (a user-data folder, as a real
    browser's, with its disk cache and service workers), measured from navigation."""
    context = playwright.chromium.launch_persistent_context(
        profile,
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        headless=True,
        service_workers="allow" if service_worker else "block",
    )
    server.sent = 0
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("body[data-answer]", state="attached", timeout=TIMEOUT_MS)
    timings = page.evaluate(TIMINGS)
    timings["bytes"] = server.sent
    if service_worker:  # let the offline copy be made, as a user's browser would
        page.wait_for_function(
            "() => navigator.serviceWorker.controller !== null", timeout=TIMEOUT_MS
        )
    context.close()
    return timings


def measure(playwright, url: str, server, *, service_worker: bool) -> dict[str, dict]:
    with tempfile.TemporaryDirectory() as profile:
        cold = visit(playwright, Path(profile), url, server, service_worker=service_worker)
        warm = visit(playwright, Path(profile), url, server, service_worker=service_worker)
    return {"cold": cold, "warm": warm}


def median(runs: list[dict], visit_kind: str, key: str) -> float:
    return statistics.median(run[visit_kind][key] for run in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description="Time the page against bare Pyodide.")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        build.main([str(site)])
        bare = site / "bare"
        bare.mkdir()
        (bare / "index.html").write_text(BARE_PAGE)
        (bare / "bare.js").write_text(BARE_SCRIPT)
        (bare / "bare-worker.js").write_text(BARE_WORKER)
        server = serve(site)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        results: dict[str, list[dict]] = {"site": [], "bare": []}
        with sync_playwright() as playwright:
            for _ in range(args.runs):
                bare_url = base + "bare/"
                results["bare"].append(measure(playwright, bare_url, server, service_worker=False))
                results["site"].append(measure(playwright, base, server, service_worker=True))
        server.shutdown()

    print(f"median of {args.runs} runs, milliseconds from navigation; bytes the server sent")
    print(f"{'':28}{'usable':>8}{'runtime':>9}{'ready':>8}{'answer':>8}{'bytes':>12}{'added':>7}")
    for name, label in (("bare", "bare loadPyodide()"), ("site", "Staycheck")):
        for kind in ("cold", "warm"):
            keys = ("usable", "runtime", "ready", "answer")
            row = [median(results[name], kind, key) for key in keys]
            sent = median(results[name], kind, "bytes")
            added = statistics.median(r[kind]["answer"] - r[kind]["runtime"] for r in results[name])
            print(
                f"{label + ' ' + kind:28}"
                + "".join(f"{v:8.0f}" for v in row[:1])
                + "".join(f"{v:9.0f}" for v in row[1:2])
                + "".join(f"{v:8.0f}" for v in row[2:])
                + f"{sent:12,.0f}{added:7.0f}"
            )
    for kind in ("cold", "warm"):
        ratio = median(results["site"], kind, "answer") / median(results["bare"], kind, "answer")
        print(f"first answer / bare floor, {kind}: {ratio:.2f} (target 1.25)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
