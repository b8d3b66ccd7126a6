"""The page's first answer with a long history stored: where the time goes.

    .venv/bin/python benchmarks/long_history.py [--trips 2000 7300] [--runs 3]

Builds the site, stores N one-day trips (one a day from 2000 on, as the frontier worker of
benchmarks/engine.py) in localStorage, opens the page in Debian's Chromium with a warm
runtime (a first visit fills the HTTP cache) and prints the median time from navigation to
the first answer on screen, next to the time the page spent drawing the form and the
answer (performance marks staycheck:form-drawn, the worker's `ready` and `first-answer`).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

import build  # noqa: E402
from local_site import CHROMIUM, CHROMIUM_ARGS, StaticServer  # noqa: E402

MARKS = """() => {
  const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
  return { form: mark("staycheck:form-drawn"), ready: mark("staycheck:ready"),
           answer: mark("staycheck:first-answer") };
}"""


def document(trips: int) -> str:
    first = date(2000, 1, 1)
    stays = []
    for i in range(trips):
        day = (first + timedelta(days=i)).isoformat()
        stays.append({"id": f"s{i}", "entry": day, "exit": day, "ongoing": False,
                      "country": "KZ", "basis": "visa-free", "note": ""})
    traveller = {"id": "t", "name": "", "nationality": "RU", "destination": "KZ",
                 "plan": None, "stays": stays}
    return json.dumps({"schema": 1, "current": "t", "travellers": [traveller]})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trips", type=int, nargs="+", default=[2000, 7300])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        build.main([str(site)])
        server = StaticServer(site, like_pages=True)
        url = server.url
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                                 headless=True)
            context = browser.new_context(service_workers="block")
            page = context.new_page()
            page.on("console", lambda m: print(m.text) if "TIMING" in m.text else None)
            page.goto(url)
            page.wait_for_selector("body[data-answer]", state="attached", timeout=120_000)
            print(f"{'trips':>6}{'form drawn':>12}{'ready':>8}{'answer':>9}  (ms, median of "
                  f"{args.runs})")
            for trips in args.trips:
                stored = document(trips)
                runs = []
                for _ in range(args.runs):
                    page.evaluate("(raw) => localStorage.setItem('staycheck', raw)", stored)
                    page.reload(wait_until="commit", timeout=300_000)
                    page.wait_for_selector("body[data-answer]", state="attached",
                                           timeout=300_000)
                    runs.append(page.evaluate(MARKS))
                cells = [statistics.median(r[key] or 0 for r in runs)
                         for key in ("form", "ready", "answer")]
                print(f"{trips:6}{cells[0]:12.0f}{cells[1]:8.0f}{cells[2]:9.0f}")
            browser.close()
        server.stop()
        shutil.rmtree(site, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
