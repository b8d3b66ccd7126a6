"""How long an edit takes to reach the screen with a long history stored.

    .venv/bin/python benchmarks/edit_latency.py [--trips 2000] [--runs 9] [--site DIR] [--profile]

Builds the site (or serves DIR, already built), stores N one-day trips (`--shape`: one
every other day from 2015, or one a day from 2000 as benchmarks/long_history.py) in
localStorage, opens the page in Debian's
Chromium, waits for the first answer, then edits the newest trip's exit date through the
keyboard again and again: the arrow keys move its day up and down (trusted key events, as a
user's; the date field, form.js, sends input and change events), so that each answer differs
from the one before.
For each edit it records, in the page:

- input -> answer painted: from the input event's timestamp to the first frame after the
  new answer is on screen (body[data-answer] changed and no answer pending: the
  `requestAnimationFrame` after it, then a task, so the frame was presented);
- event (INP): the Event Timing API's duration of the interaction itself (input to the
  next paint, what Chromium reports as interaction to next paint);
- the worker's share: from the request sent (performance mark staycheck:sent) to its
  answer received (staycheck:received), and the page's share after it (received -> shown).

It prints every run and the median, in milliseconds. `--profile` also takes a CPU profile
of the page's main thread (Chrome DevTools Protocol) over the runs and prints the
functions with the most self time.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

import build  # noqa: E402
from local_site import CHROMIUM, CHROMIUM_ARGS, StaticServer  # noqa: E402

TIMEOUT_MS = 300_000
SETTLED = """() => performance.getEntriesByName("staycheck:form-drawn").length
  && document.body.dataset.answer && !("pending" in document.body.dataset)"""

# Installed before each edit: resolves with the edit's figures once its answer is painted.
WATCH = """() => {
  window.__edit = new Promise((resolve) => {
    let start = null;
    const inp = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.interactionId) inp.push(entry.duration);
    });
    observer.observe({ type: "event", durationThreshold: 16, buffered: false });
    document.addEventListener("input", (event) => { start ??= event.timeStamp; },
                              { capture: true, once: true });
    const body = document.body;
    const before = body.dataset.answer;
    const done = () => {
      if (body.dataset.answer === before || "pending" in body.dataset) return false;
      mutations.disconnect();
      requestAnimationFrame(() => setTimeout(() => {
        const painted = performance.now();
        const mark = (name) => performance.getEntriesByName(name).at(-1)?.startTime ?? null;
        observer.disconnect();
        resolve({ total: painted - start, inp: Math.max(0, ...inp),
                  worker: mark("staycheck:received") - mark("staycheck:sent"),
                  shown: mark("staycheck:shown") - mark("staycheck:received") });
      }, 0));
      return true;
    };
    const mutations = new MutationObserver(done);
    mutations.observe(body, { attributes: true,
                              attributeFilter: ["data-answer", "data-pending"] });
  });
}"""


def document(trips: int, shape: str = "other-day") -> str:
    """N one-day trips to Kazakhstan: `daily` one a day from 2000 (benchmarks/long_history.py,
    days before any rule the data holds: one unchecked_days warning each), `other-day` one
    every other day from 2015 (to Dec 2025 for 2,000: every day under a known rule)."""
    first, step = (date(2000, 1, 1), 1) if shape == "daily" else (date(2015, 1, 1), 2)
    stays = []
    for i in range(trips):
        day = (first + timedelta(days=i * step)).isoformat()
        stays.append({"id": f"s{i}", "entry": day, "exit": day, "ongoing": False,
                      "country": "KZ", "basis": "visa-free", "note": ""})
    traveller = {"id": "t", "name": "", "nationality": "RU", "destination": "KZ",
                 "plan": None, "stays": stays}
    return json.dumps({"schema": 1, "current": "t", "travellers": [traveller]})


def profile_top(profile: dict, count: int = 15) -> list[tuple[float, str]]:
    """The functions with the most self time in a CPU profile, in milliseconds."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    deltas = profile["timeDeltas"]
    self_time: Counter[str] = Counter()
    for sample, delta in zip(profile["samples"], [*deltas[1:], 0], strict=True):
        frame = nodes[sample]["callFrame"]
        where = frame["url"].rsplit("/", 1)[-1]
        name = frame["functionName"] or "(anonymous)"
        self_time[f"{name} {where}:{frame['lineNumber'] + 1}"] += delta
    return [(micro / 1000, name) for name, micro in self_time.most_common(count)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trips", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--site", type=Path, help="a built site to serve (default: build one)")
    parser.add_argument("--shape", choices=("other-day", "daily"), default="other-day",
                        help="the stored history (see document())")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    site = args.site
    if site is None:
        site = Path(folder) / "site"
        build.main([str(site)])
    server = StaticServer(site.resolve(), like_pages=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                                 headless=True)
            context = browser.new_context(service_workers="block",
                                          viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(server.url)
            page.evaluate("(raw) => localStorage.setItem('staycheck', raw)",
                          document(args.trips, args.shape))
            page.reload()
            page.wait_for_function(SETTLED, timeout=TIMEOUT_MS)
            trip = page.locator(".trip").last
            exit_field = trip.locator('[name="exit"]')
            exit_field.scroll_into_view_if_needed()
            page.wait_for_timeout(500)
            session = None
            if args.profile:
                session = context.new_cdp_session(page)
                session.send("Profiler.enable")
                session.send("Profiler.setSamplingInterval", {"interval": 200})
                session.send("Profiler.start")
            runs = []
            exit_field.focus()  # ArrowUp/ArrowDown move its day by one (form.js)
            for run in range(args.runs):
                page.evaluate(WATCH)
                page.keyboard.press("ArrowUp" if run % 2 == 0 else "ArrowDown")
                runs.append(page.evaluate("() => window.__edit", None))
            if session:
                profile = session.send("Profiler.stop")["profile"]
            browser.close()
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{args.trips} trips stored ({args.shape}); the newest trip's exit date edited "
          f"{args.runs} times (ms)")
    print(f"{'run':>4}{'input->answer painted':>23}{'event (INP)':>13}{'worker':>9}{'shown':>8}")
    for number, run in enumerate(runs, start=1):
        print(f"{number:4}{run['total']:23.0f}{run['inp']:13.0f}{run['worker']:9.0f}"
              f"{run['shown']:8.0f}")
    medians = [statistics.median(run[key] for run in runs)
               for key in ("total", "inp", "worker", "shown")]
    print(f"{'med':>4}{medians[0]:23.0f}{medians[1]:13.0f}{medians[2]:9.0f}{medians[3]:8.0f}")
    if args.profile:
        print("\nmain thread self time over all runs (ms):")
        for millis, name in profile_top(profile):
            print(f"{millis:9.1f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
