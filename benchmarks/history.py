"""How fast the location-history import is, and how little memory it holds.

    .venv/bin/python benchmarks/history.py [--points 250000 1000000 1600000]

For each size, generates a Records.json (benchmarks/history_data.py: a random walk with
trips, about 330 bytes a point, as Takeout writes them) and measures:

- the command line's core (CPython, `staycheck.history.import_file`, one process per run):
  points per second and the process's peak resident memory;
- the page, in Debian's Chromium on the built site served from 127.0.0.1: the import
  opened and ready (borders loaded, its Python started), the file chosen, the time from
  the file reaching the worker to the trips (read in 4 MB slices, points to countries and
  days, the core's derive_trips in Pyodide), as the worker measures it; points per second;
  and the peak memory of the whole browser (PSS of Chromium and every process it started,
  sampled every 50 ms, as benchmarks/page.py does) during the import, and above what it
  was just before.

A memory use that does not grow with the file is the point: the file is never held whole.

First it prints how long the core takes to answer the days-in-every-country question
(`"question": "presence"`, CPython) for 2,500, 7,300 and 50,000 trips, and that time as a
ratio of the calculator's own answer for the same trips (`--presence-only` stops there).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from history_data import write_records  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

import build  # noqa: E402
from benchmarks.page import CHROMIUM, CHROMIUM_ARGS, PeakMemory, browser_tree, pss_bytes  # noqa: E402

MB = 1024 * 1024


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,  # noqa: RUF012
                      **build.CONTENT_TYPES}

    def log_message(self, format: str, *args) -> None:
        pass


def serve(folder: Path):
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def command_line(path: Path, points: int) -> dict:
    """In a process of its own, which reports its own peak resident memory."""
    code = ("import resource, sys, time; from pathlib import Path;"
            "from staycheck.history import import_file;"
            "t = time.perf_counter(); r = import_file(Path(sys.argv[1]));"
            "print(time.perf_counter() - t, len(r['trips']),"
            " resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    run = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                         check=True)
    seconds, trips, peak_kb = run.stdout.split()
    return {"seconds": float(seconds), "trips": int(trips), "rate": points / float(seconds),
            "peak_mb": int(peak_kb) / 1024}


def browser(url: str, path: Path, points: int, profile: Path) -> dict:
    with sync_playwright() as playwright:
        memory = None
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
            service_workers="block")
        try:
            page = context.new_page()
            page.goto(url)
            page.wait_for_selector("#loading", state="hidden", timeout=120_000)
            page.click("#history-import > summary")
            page.wait_for_selector("#history-import[data-ready]", state="attached",
                                   timeout=120_000)
            time.sleep(1)
            before = sum(pss_bytes(pid) for pid in browser_tree(profile))
            memory = PeakMemory(profile)
            page.set_input_files("#history-file", str(path))
            page.wait_for_selector("#history-import[data-state='review']", timeout=600_000)
            peak = memory.stop()
            elapsed = int(page.get_attribute("#history-import", "data-elapsed")) / 1000
            trips = page.locator("#history-trips tr").count()
        finally:
            if memory and memory.running:
                memory.stop()
            context.close()
    return {"seconds": elapsed, "trips": trips, "rate": points / elapsed,
            "peak_mb": peak / MB, "above_mb": (peak - before) / MB}


def presence_figures() -> None:
    """The presence question against the stay-limit question, on the same trips."""
    import json
    import time
    from datetime import date, timedelta

    sys.path.insert(0, str(ROOT / "core"))
    from staycheck.api import handle

    def best(request: dict) -> float:
        text = json.dumps(request)
        times = []
        for _ in range(3):
            started = time.perf_counter()
            handle(text)
            times.append(time.perf_counter() - started)
        return min(times)

    print(f"{'trips':>7} | {'presence ms':>11} | {'stay limit ms':>13} | ratio")
    for count in (2_500, 7_300, 50_000):
        first = date(1960, 1, 1)
        stays = [{"entry": (first + timedelta(days=i)).isoformat(),
                  "exit": (first + timedelta(days=i)).isoformat(),
                  "country": ("KZ", "KG", "GE", "AM")[i % 4]} for i in range(count)]
        on = (first + timedelta(days=count + 1)).isoformat()
        presence = best({"question": "presence", "on": on, "stays": stays})
        limit = best({"destination": "KZ", "nationality": "RU", "on": on, "stays": stays})
        print(f"{count:>7,} | {presence * 1000:>11.1f} | {limit * 1000:>13.1f} | "
              f"{presence / limit:.2f}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, nargs="+", default=[250_000, 1_000_000, 1_600_000])
    parser.add_argument("--presence-only", action="store_true")
    args = parser.parse_args()
    presence_figures()
    if args.presence_only:
        return 0
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        site = folder / "site"
        subprocess.run([sys.executable, str(ROOT / "build.py"), str(site)], check=True,
                       capture_output=True)
        httpd, url = serve(site)
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"{'points':>10} {'file MB':>8} | {'CPython s':>9} {'pts/s':>9} {'peak MB':>8} | "
              f"{'Chromium s':>10} {'pts/s':>9} {'peak MB':>8} {'+MB':>6} | trips")
        for points in args.points:
            path = folder / f"Records-{points}.json"
            size = write_records(path, points)
            cli = command_line(path, points)
            page = browser(url, path, points, folder / f"profile-{points}")
            assert cli["trips"] == page["trips"], (cli, page)
            print(f"{points:>10,} {size / MB:>8.0f} | {cli['seconds']:>9.2f} {cli['rate']:>9,.0f} "
                  f"{cli['peak_mb']:>8.0f} | {page['seconds']:>10.2f} {page['rate']:>9,.0f} "
                  f"{page['peak_mb']:>8.0f} {page['above_mb']:>6.0f} | {page['trips']}",
                  flush=True)
            path.unlink()
        httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
