"""Times a full `core.api.handle` call on long travel histories.

The frontier worker: one-day stays spread evenly over 20 years (2014-2033) in the Schengen
area, from 100 stays to 50,000 (several crossings a day). Two patterns: every stay a day
apart where the count allows (`spread`), and one stay on every day for the first n days
(`daily`, a history that is over the limit most of the time, so every overstay is
reported). Prints the best of several runs, and the brute-force reference from the tests
at the small sizes for comparison.

    .venv/bin/python benchmarks/engine.py
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.api import handle  # noqa: E402

START = date(2014, 1, 1)
YEARS_DAYS = 7300
SIZES = (100, 1_000, 7_300, 50_000)
REFERENCE_SIZES = (100, 1_000)


def history(n: int, pattern: str) -> list[dict[str, str]]:
    if pattern == "daily":
        offsets = [i % YEARS_DAYS for i in range(n)]
    else:
        offsets = [i * YEARS_DAYS // n for i in range(n)]
    days = sorted(START + timedelta(days=o) for o in offsets)
    return [{"entry": d.isoformat(), "exit": d.isoformat(), "country": "FR"} for d in days]


def request(n: int, pattern: str) -> str:
    on = START + timedelta(days=YEARS_DAYS)
    return json.dumps(
        {
            "destination": "FR",
            "nationality": "US",
            "on": on.isoformat(),
            "stays": history(n, pattern),
            "plan": {"entry": (on + timedelta(days=30)).isoformat()},
        }
    )


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def reference_time(n: int, pattern: str) -> float | None:
    try:
        from tests.core import reference  # the brute-force day-by-day implementation
    except ImportError:
        return None
    evaluate = getattr(reference, "benchmark_evaluate", None)
    if evaluate is None:
        return None
    req = json.loads(request(n, pattern))
    return best_of(lambda: evaluate(req), 1)


def main() -> None:
    print(f"Python {sys.version.split()[0]}; best of 5 runs of core.api.handle")
    print(
        f"{'pattern':8} {'stays':>7} {'handle ms':>10} {'ms/1000 stays':>14} {'reference ms':>13}"
    )
    for pattern in ("spread", "daily"):
        for n in SIZES:
            text = request(n, pattern)
            answer = json.loads(handle(text))
            assert answer["ok"], answer
            seconds = best_of(lambda text=text: handle(text), 5 if n <= 7_300 else 3)
            ref = reference_time(n, pattern) if n in REFERENCE_SIZES else None
            ref_text = f"{ref * 1000:13.0f}" if ref is not None else f"{'-':>13}"
            print(f"{pattern:8} {n:7d} {seconds * 1000:10.1f} {seconds * 1e6 / n:14.2f} {ref_text}")


if __name__ == "__main__":
    main()
