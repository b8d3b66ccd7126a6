"""Times a full `staycheck.api.handle` call on long travel histories.

The frontier worker: one-day stays spread evenly over 20 years (2014-2033) in the Schengen
area, from 100 stays to 50,000 (several crossings a day), with a planned trip. Three
patterns: stays spread evenly (`spread`), one stay a day from the first day (`daily`,
over the limit most of the time, so every overstay is reported), both holding a stay on
every day from 7,300 stays on; and 31-day stays entering as `spread` does (`overlap`),
so that each record shares days with the next and all of them merge into one stay.
Prints the best of several runs, wall-clock and CPU time (the CPU time is steadier on a
busy machine), and the brute-force reference from the tests at the small sizes.

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

from staycheck.api import handle  # noqa: E402

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
    length = timedelta(days=30 if pattern == "overlap" else 0)
    return [{"entry": d.isoformat(), "exit": (d + length).isoformat(), "country": "FR"}
            for d in days]


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


def best_of(fn, repeat: int) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds (the CPU time is steadier on a busy machine)."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def reference_seconds(text: str) -> float:
    """The brute-force day-by-day reference of the tests on the same request."""
    from staycheck.api import choose_regime, parse_json, parse_plan, parse_stays
    from tests.core.reference import reference_answer

    request = parse_json(text)
    on = date.fromisoformat(request["on"])
    regime, _ = choose_regime(request)
    stays, plan = parse_stays(request, on), parse_plan(request, on)
    return best_of(lambda: reference_answer(regime, stays, on, plan), 1)[1]


def main() -> None:
    print(f"Python {sys.version.split()[0]}; staycheck.api.handle, best of 5 runs (3 at 50,000)")
    print(
        f"{'pattern':8} {'stays':>7} {'wall ms':>8} {'cpu ms':>8} {'cpu us/stay':>12} "
        f"{'reference cpu ms':>17}"
    )
    for pattern in ("spread", "daily", "overlap"):
        for n in SIZES:
            text = request(n, pattern)
            answer = json.loads(handle(text))
            assert answer["ok"], answer
            wall, cpu = best_of(lambda text=text: handle(text), 5 if n <= 7_300 else 3)
            ref = (
                f"{reference_seconds(text) * 1000:17.0f}"
                if n in REFERENCE_SIZES
                else (f"{'-':>17}")
            )
            print(
                f"{pattern:8} {n:7d} {wall * 1000:8.1f} {cpu * 1000:8.1f} "
                f"{cpu * 1e6 / n:12.2f} {ref}"
            )


if __name__ == "__main__":
    main()
