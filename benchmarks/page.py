"""How fast the calculator page answers, against the floor Pyodide itself sets.

    .venv/bin/python benchmarks/page.py [--runs 5] [--network MBITS RTT_MS]

Builds the site into a temporary folder, adds a bare page that does nothing but call
loadPyodide() in a module worker from the same runtime files (with the lock file the site
no longer publishes), serves both on 127.0.0.1 as GitHub Pages does (gzip for text types
and WebAssembly, the rest as is; `Cache-Control: max-age=600`; ETags, so revalidations
are 304s) and drives Debian's Chromium:

- cold: a browser started on a new profile (empty disk cache, no service worker);
- warm: the browser started again on the same profile (the service worker's cache for
  the site, the disk cache for the bare page), as a user's second visit;
- cold, throttled: a cold visit with the page and its worker throttled as DevTools does
  (default 40 Mbit/s down, 40 ms round trip): localhost has no bandwidth limit, and the
  snapshot is bytes traded for start-up time.

For each it prints the median over the runs of: the time from navigation to the form
being usable (DOMContentLoaded), to the calculator being ready, to the first answer on
screen; the bytes the server sent on the wire for requests made before the first answer
and in all (the service worker's copy for offline use is made after it); and the peak
memory of the whole browser (the proportional set size, PSS, of Chromium and every
process it started, sampled every 50 ms from launch until the first answer).
Then, in the warm Staycheck page, the round trip of `handle` on the 7,300-stay
histories of benchmarks/engine.py through the worker (JSON, Python, JSON back).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import hashlib
import http.server
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

import build  # noqa: E402
from benchmarks.engine import request as engine_request  # noqa: E402

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
KINDS = ("cold", "warm", "cold, throttled")
SAMPLE_SECONDS = 0.05

BARE_PAGE = """<!doctype html>
<meta charset="utf-8">
<title>loadPyodide() only</title>
<script type="module" src="bare.js"></script>
"""
BARE_SCRIPT = """
const worker = new Worker(new URL("./bare-worker.js", import.meta.url), { type: "module" });
worker.onmessage = () => {
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
    ready: mark("staycheck:ready"),
    answer: mark("staycheck:first-answer"),
    from: performance.getEntriesByName("staycheck:ready")[0]?.detail?.from ?? "-",
  };
}"""

# The round trip of one request through the page's worker, as app.js sends it.
ROUND_TRIP = """async (request) => {
  const { worker } = await import("./static/boot.js");
  const id = 1e9 + Math.floor(Math.random() * 1e6);
  const started = performance.now();
  const reply = await new Promise((resolve) => {
    const listener = (event) => {
      if (event.data.id !== id) return;
      worker.removeEventListener("message", listener);
      resolve(event.data);
    };
    worker.addEventListener("message", listener);
    worker.postMessage({ type: "compute", id, request });
  });
  return { ms: performance.now() - started, ok: reply.response?.ok ?? false };
}"""

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


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # Chromium revalidates with an ETag only over HTTP/1.1

    def log_message(self, format: str, *args) -> None:
        pass

    def do_GET(self) -> None:
        started = time.time()
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        kind = content_type(path)
        body, etag = self.server.body(path, kind)
        gzipped = kind.startswith(COMPRESSED_TYPES)
        if gzipped and "gzip" not in self.headers.get("Accept-Encoding", ""):
            body, gzipped = path.read_bytes(), False
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", "max-age=600")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Cache-Control", "max-age=600")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)
        self.server.sent += len(body)
        self.server.log.append((started, len(body)))


class PagesServer(http.server.ThreadingHTTPServer):
    """Compresses each file once, ahead of the visits, as a CDN keeps it compressed."""

    daemon_threads = True

    def __init__(self, root: Path) -> None:
        super().__init__(("127.0.0.1", 0), functools.partial(PagesHandler, directory=str(root)))
        self.sent = 0
        self.log: list[tuple[float, int]] = []  # (when a request came, bytes sent)
        self.bodies: dict[Path, tuple[bytes, str]] = {}
        for path in root.rglob("*"):
            if path.is_file():
                self.body(path, content_type(path))

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser closing: no news
            super().handle_error(request, client_address)

    def body(self, path: Path, kind: str) -> tuple[bytes, str]:
        if path not in self.bodies:
            data = path.read_bytes()
            etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
            if kind.startswith(COMPRESSED_TYPES):
                data = gzip.compress(data, compresslevel=6, mtime=0)
            self.bodies[path] = (data, etag)
        return self.bodies[path]


def serve(root: Path) -> PagesServer:
    server = PagesServer(root)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# --- Memory: the PSS of the browser and every process it started -------------------------


def processes() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, command line) for every process."""
    table = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
                cmdline = Path(entry.path, "cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            table[int(entry.name)] = (parent, cmdline.decode(errors="replace"))
    return table


def browser_tree(profile: Path) -> list[int]:
    table = processes()
    roots = [pid for pid, (_p, cmd) in table.items() if f"--user-data-dir={profile}" in cmd]
    tree, frontier = set(roots), list(roots)
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, (ppid, _c) in table.items() if ppid == parent]
        frontier += [pid for pid in children if pid not in tree]
        tree.update(children)
    return sorted(tree)


def pss_bytes(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class PeakMemory:
    """Samples the browser's total PSS in a thread until stopped; keeps the peak."""

    def __init__(self, profile: Path) -> None:
        self.profile, self.peak, self.running = profile, 0, True
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()

    def sample(self) -> None:
        pids: list[int] = []
        while self.running:
            pids = browser_tree(self.profile) or pids
            self.peak = max(self.peak, sum(pss_bytes(pid) for pid in pids))
            time.sleep(SAMPLE_SECONDS)

    def stop(self) -> int:
        self.running = False
        self.thread.join()
        return self.peak


# --- Visits ----------------------------------------------------------------------------


def visit(
    playwright, profile: Path, url: str, server, *, site: bool, extra=None, network=None
) -> dict:
    """One visit in a browser started on `profile` (a user-data folder, as a real
    browser's, with its disk cache and service workers), measured from navigation;
    `network` (Mbit/s, round trip ms) throttles the page and its worker as DevTools does."""
    memory = PeakMemory(profile)
    context = playwright.chromium.launch_persistent_context(
        profile,
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        headless=True,
        service_workers="allow" if site else "block",
    )
    server.sent, server.log = 0, []
    page = context.new_page()
    if network:
        throttle(context, page, *network)
    page.goto(url)
    page.wait_for_selector("body[data-answer]", state="attached", timeout=TIMEOUT_MS)
    result = {**page.evaluate(TIMINGS), "memory": memory.stop()}
    answered = (page.evaluate("performance.timeOrigin") + result["answer"]) / 1000
    result["bytes"] = sum(size for when, size in server.log if when <= answered)
    if site:  # let the offline copy be made, as a user's browser would
        page.wait_for_function(
            "() => navigator.serviceWorker.controller !== null", timeout=TIMEOUT_MS
        )
        if extra:
            result.update(extra(page))
    result["all bytes"] = server.sent
    context.close()
    return result


def throttle(context, page, mbits: float, rtt_ms: float) -> None:
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    conditions = {"offline": False, "latency": rtt_ms, "downloadThroughput": mbits * 1e6 / 8}
    cdp.send("Network.emulateNetworkConditions", {**conditions, "uploadThroughput": -1})


def handle_times(page) -> dict:
    """The round trip of the 7,300-stay requests, best of 5 each, after one warm-up."""
    times = {}
    for pattern in ("spread", "daily"):
        request = json.loads(engine_request(7_300, pattern))
        runs = [page.evaluate(ROUND_TRIP, request) for _ in range(6)]
        assert all(run["ok"] for run in runs), runs
        times[f"handle {pattern}"] = min(run["ms"] for run in runs[1:])
    return times


def measure(playwright, url: str, server, *, site: bool, network) -> dict[str, dict]:
    with tempfile.TemporaryDirectory() as profile:
        cold = visit(playwright, Path(profile), url, server, site=site)
        extra = handle_times if site else None
        warm = visit(playwright, Path(profile), url, server, site=site, extra=extra)
    with tempfile.TemporaryDirectory() as profile:
        slow = visit(playwright, Path(profile), url, server, site=site, network=network)
    return {"cold": cold, "warm": warm, "cold, throttled": slow}


def median(runs: list[dict], kind: str, key: str) -> float:
    return statistics.median(run[kind][key] for run in runs)


def report(results: dict[str, list[dict]], runs: int, network) -> None:
    print(f"median of {runs} runs; milliseconds from navigation, bytes on the wire, PSS in MB")
    print(f"throttled: {network[0]:g} Mbit/s down, {network[1]:g} ms round trip")
    header = f"{'':34}{'usable':>7}{'ready':>7}{'answer':>8}{'to answer':>12}{'in all':>12}"
    print(header + f"{'peak MB':>9}  from")
    for name, label in (("bare", "bare loadPyodide()"), ("site", "Staycheck")):
        for kind in KINDS:
            cells = [median(results[name], kind, key) for key in ("usable", "ready", "answer")]
            sent = median(results[name], kind, "bytes")
            total = median(results[name], kind, "all bytes")
            peak = median(results[name], kind, "memory") / 2**20
            start = "/".join(sorted({run[kind]["from"] for run in results[name]}))
            print(
                f"{label + ' ' + kind:34}{cells[0]:7.0f}{cells[1]:7.0f}{cells[2]:8.0f}"
                f"{sent:12,.0f}{total:12,.0f}{peak:9.0f}  {start}"
            )
    for kind in KINDS:
        ratio = median(results["site"], kind, "answer") / median(results["bare"], kind, "answer")
        memory = median(results["site"], kind, "memory") / median(results["bare"], kind, "memory")
        print(f"{kind}: first answer / bare floor {ratio:.2f}, peak memory / bare {memory:.2f}")
    for pattern in ("spread", "daily"):
        key = f"handle {pattern}"
        values = [run["warm"][key] for run in results["site"]]
        print(f"handle, 7,300 stays ({pattern}) through the worker: median {median_ms(values)}")


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values):.0f} ms (min {min(values):.0f}, max {max(values):.0f})"


def main() -> int:
    parser = argparse.ArgumentParser(description="Time the page against bare Pyodide.")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--network",
        nargs=2,
        type=float,
        default=(40, 40),
        metavar=("MBITS", "RTT_MS"),
        help="the throttled cold visit's bandwidth and round trip (default: 40 40)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        build.main([str(site)])
        runtime = site / "pyodide" / build.pyodide_version()
        shutil.copy2(build.PYODIDE_PACKAGE / "pyodide-lock.json", runtime)  # bare page only
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
                for name, url in (("bare", base + "bare/"), ("site", base)):
                    results[name].append(
                        measure(playwright, url, server, site=name == "site", network=args.network)
                    )
        server.shutdown()
    report(results, args.runs, args.network)
    return 0


if __name__ == "__main__":
    sys.exit(main())
