"""How fast the calculator page answers, against the floor Pyodide itself sets.

    .venv/bin/python benchmarks/page.py [--runs 5] [--network MBITS RTT] [--slow MBITS RTT]

Builds the site into a temporary folder, adds a bare page that does nothing but call
loadPyodide() in a module worker from the same runtime files (with the lock file the site
no longer publishes), serves both on 127.0.0.1 as GitHub Pages does (local_site.py:
gzip for text types and WebAssembly, the rest as is; `Cache-Control: max-age=600`;
ETags, so revalidations are 304s) and drives Debian's Chromium:

- cold: a browser started on a new profile (empty disk cache, no service worker);
- warm: the browser started again on the same profile (the service worker's cache for
  the site, the disk cache for the bare page), as a user's second visit: the cold visit
  lasts until the service worker has its copy of the site and the calculator worker its
  decoded copy of the snapshot (site/static/snapshot-copy.js), which it makes once it
  has answered, and, for both pages, until Chromium has kept the runtime's compiled code
  (its code cache: for Staycheck, after the worker's warm-up, site/static/warm-up.js) or
  CODE_CACHE_SECONDS have passed; "from" says "snapshot (copy)" for a start from that copy;
- cold, throttled: a cold visit with the page and its worker throttled as DevTools does
  (default 40 Mbit/s down, 40 ms round trip): localhost has no bandwidth limit, and the
  snapshot is bytes traded for start-up time;
- cold, slow: the same on a slow phone link (default 5 Mbit/s down, 150 ms round trip).

For each it prints the median over the runs of: the time from navigation to the form
being usable (DOMContentLoaded), to the calculator being ready, to the first answer on
screen; the bytes the server sent on the wire for requests made before the first answer
and in all (the service worker's copy for offline use is made after it); and the peak
memory of the whole browser (the proportional set size, PSS, of Chromium and every
process it started, sampled every 50 ms from launch until the first answer); then each
run's own ratios of the first answer and of the peak memory (site / bare, measured one
after the other), which show how far the medians may move. It names the browser's build.
Then, in the warm Staycheck page, the round trip of `handle` on the 7,300-stay
histories of benchmarks/engine.py through the worker (JSON, Python, JSON back).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
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
from local_site import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    COMPILED_MODULE_BYTES,
    StaticServer,
    compiled_module_bytes,
)

TIMEOUT_MS = 120_000
KINDS = ("cold", "warm", "cold, throttled", "cold, slow")
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
import { indexURL, loadPyodide } from "../ASSETS/static/runtime.js";
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
    copy: performance.getEntriesByName("staycheck:ready")[0]?.detail?.copy,
  };
}"""

# The round trip of one request through the page's worker, as calculator.js sends it
# (protocol.js's computeMessage: the request as JSON text, made in the time measured) to
# the same worker as the page's (on the warm visit, the one start-worker.js started).
# engine.py's trips already leave out the country and basis that requestText leaves out,
# so JSON.stringify stands for it here: for 7,300 trips in Node, 1.0 ms against
# requestText's 1.5 ms on the same trips given whole. The
# request is put in the page beforehand (PUT_REQUEST): Playwright's handing over of a
# 600 kB argument keeps the page's thread busy for another 30-40 ms after the function
# has posted it, on two cores beside the worker: measured so, the round trip's median was
# 3-20 ms longer (12 round trips each, alternated, 4 times: 92-106 ms against 78-94).
PUT_REQUEST = "(request) => { globalThis.benchmarkRequest = request; }"
ROUND_TRIP = """async () => {
  const request = globalThis.benchmarkRequest;
  const { worker } = globalThis.staycheckStarted;
  const id = 1e9 + Math.floor(Math.random() * 1e6);
  const started = performance.now();
  const reply = await new Promise((resolve) => {
    const listener = (event) => {
      if (event.data.id !== id) return;
      worker.removeEventListener("message", listener);
      resolve(event.data);
    };
    worker.addEventListener("message", listener);
    worker.postMessage({ type: "compute", id, json: JSON.stringify(request) });
  });
  return { ms: performance.now() - started, ok: reply.response?.ok ?? false };
}"""

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
    playwright, profile: Path, url: str, server, *, site: bool, extra=None, network=None,
    compiled: bool = False,
) -> dict:
    """One visit in a browser started on `profile` (a user-data folder, as a real
    browser's, with its disk cache and service workers), measured from navigation;
    `network` (Mbit/s, round trip ms) throttles the page and its worker as DevTools does;
    `compiled`: the visit lasts until Chromium has kept the runtime's compiled code."""
    memory = PeakMemory(profile)
    context = playwright.chromium.launch_persistent_context(
        profile,
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        headless=True,
        service_workers="allow" if site else "block",
    )
    server.log.clear()
    page = context.new_page()
    if network:
        throttle(context, page, *network)
    page.goto(url)
    page.wait_for_selector("body[data-answer]", state="attached", timeout=TIMEOUT_MS)
    result = {**page.evaluate(TIMINGS), "memory": memory.stop()}
    if result["copy"]:
        result["from"] += " (copy)"
    answered = (page.evaluate("performance.timeOrigin") + result["answer"]) / 1000
    result["bytes"] = sum(request.sent for request in server.log if request.when <= answered)
    if site:  # let the offline copies be made, as a user's browser would
        page.wait_for_function(
            "() => navigator.serviceWorker.controller !== null", timeout=TIMEOUT_MS
        )
        if result.pop("copy") is False:
            wait_for_snapshot_copy(page)
        if extra:
            result.update(extra(page))
    if compiled:
        result["code cache"] = wait_for_code_cache(profile)
    result["all bytes"] = sum(request.sent for request in server.log)
    context.close()
    return result


# Whether the worker has kept the decoded snapshot (site/static/snapshot-copy.js), which
# it makes once it has answered after a start from the xz file.
SNAPSHOT_COPY_KEPT = """async () => {
  const cache = await caches.open("staycheck-snapshot-copy");
  const [key] = await cache.keys();
  return key !== undefined && (await cache.match(key)) !== undefined;
}"""


def wait_for_snapshot_copy(page) -> None:
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while not page.evaluate(SNAPSHOT_COPY_KEPT):
        if time.monotonic() > deadline:
            raise TimeoutError("the worker kept no decoded copy of the snapshot")
        time.sleep(0.1)


# How long a cold visit waits for Chromium to keep the runtime's compiled code.
CODE_CACHE_SECONDS = 20


def wait_for_code_cache(profile: Path) -> int:
    """Waits until Chromium has kept a compiled module (or CODE_CACHE_SECONDS have
    passed); its size, or 0."""
    deadline = time.monotonic() + CODE_CACHE_SECONDS
    while (size := compiled_module_bytes(profile)) < COMPILED_MODULE_BYTES:
        if time.monotonic() > deadline:
            return 0
        time.sleep(0.1)
    return size


def throttle(context, page, mbits: float, rtt_ms: float) -> None:
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    conditions = {"offline": False, "latency": rtt_ms, "downloadThroughput": mbits * 1e6 / 8}
    cdp.send("Network.emulateNetworkConditions", {**conditions, "uploadThroughput": -1})


def handle_times(page) -> dict:
    """The round trip of the 7,300-stay requests, best of 5 each, after one warm-up."""
    times = {}
    for pattern in ("spread", "daily"):
        page.evaluate(PUT_REQUEST, json.loads(engine_request(7_300, pattern)))
        runs = [page.evaluate(ROUND_TRIP) for _ in range(6)]
        assert all(run["ok"] for run in runs), runs
        times[f"handle {pattern}"] = min(run["ms"] for run in runs[1:])
    return times


def measure(playwright, url: str, server, *, site: bool, networks) -> dict[str, dict]:
    with tempfile.TemporaryDirectory() as profile:
        cold = visit(playwright, Path(profile), url, server, site=site, compiled=True)
        extra = handle_times if site else None
        warm = visit(playwright, Path(profile), url, server, site=site, extra=extra)
    results = {"cold": cold, "warm": warm}
    for kind, network in networks.items():
        with tempfile.TemporaryDirectory() as folder:
            profile = Path(folder)
            results[kind] = visit(playwright, profile, url, server, site=site, network=network)
    return results


def median(runs: list[dict], kind: str, key: str) -> float:
    return statistics.median(run[kind][key] for run in runs)


def report(results: dict[str, list[dict]], runs: int, networks) -> None:
    print(f"median of {runs} runs; milliseconds from navigation, bytes on the wire, PSS in MB")
    for kind, (mbits, rtt) in networks.items():
        print(f"{kind}: {mbits:g} Mbit/s down, {rtt:g} ms round trip")
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
    # Each run measures the two pages one after the other: its own ratios show how far
    # the medians may move from one run to the next (one page's warm peak memory moved by
    # up to 10 MB from one browser profile to another, the bare page's between two modes
    # 9% apart: BENCHMARKS.md, issue 13's thirteenth pass).
    for key, label in (("answer", "first answer"), ("memory", "peak memory")):
        for kind in KINDS:
            pairs = zip(results["site"], results["bare"], strict=True)
            ratios = [site[kind][key] / bare[kind][key] for site, bare in pairs]
            print(f"{kind}: {label} / bare, run by run: " + ", ".join(f"{r:.2f}" for r in ratios))
    sent = median(results["site"], "cold", "bytes") / median(results["bare"], "cold", "bytes")
    print(f"cold: bytes before the first answer / bare {sent:.2f}")
    for name, label in (("bare", "bare loadPyodide()"), ("site", "Staycheck")):
        kept = [run["cold"]["code cache"] for run in results[name]]
        print(f"{label}: the compiled runtime kept after the cold visit (kB): "
              + ", ".join(f"{size / 1000:.0f}" for size in kept))
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
    parser.add_argument(
        "--slow",
        nargs=2,
        type=float,
        default=(5, 150),
        metavar=("MBITS", "RTT_MS"),
        help="the slow cold visit's bandwidth and round trip (default: 5 150)",
    )
    args = parser.parse_args()
    networks = {"cold, throttled": tuple(args.network), "cold, slow": tuple(args.slow)}
    print(f"load average at the start: {os.getloadavg()[0]:.2f}", flush=True)
    # Absolute figures move with the browser's build (BENCHMARKS.md, issue 13's
    # thirteenth pass): compare runs of one build.
    version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    print(version.strip(), flush=True)

    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        build.main([str(site)])
        runtime = site / "pyodide" / build.pyodide_version()
        shutil.copy2(build.PYODIDE_PACKAGE / "pyodide-lock.json", runtime)  # bare page only
        bare = site / "bare"
        bare.mkdir()
        (bare / "index.html").write_text(BARE_PAGE)
        (bare / "bare.js").write_text(BARE_SCRIPT)
        assets = build.assets_folder(site).name  # the build's versioned folder
        (bare / "bare-worker.js").write_text(BARE_WORKER.replace("ASSETS", assets))
        server = StaticServer(site, like_pages=True)
        server.compress_ahead()
        base = server.url
        results: dict[str, list[dict]] = {"site": [], "bare": []}
        with sync_playwright() as playwright:
            for _ in range(args.runs):
                for name, url in (("bare", base + "bare/"), ("site", base)):
                    results[name].append(
                        measure(playwright, url, server, site=name == "site", networks=networks)
                    )
        server.stop()
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    report(results, args.runs, networks)
    return 0


if __name__ == "__main__":
    sys.exit(main())
