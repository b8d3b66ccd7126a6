"""Times a full `staycheck.api.handle` call on long travel histories.

The frontier worker: one-day stays spread evenly over 20 years (2014-2033) in the Schengen
area, from 100 stays to 50,000 (several crossings a day), with a planned trip. Three
patterns: stays spread evenly (`spread`), one stay a day from the first day (`daily`,
over the limit most of the time, so every overstay is reported), both holding a stay on
every day from 7,300 stays on; and 31-day stays entering as `spread` does (`overlap`),
so that each record shares days with the next and all of them merge into one stay.
Prints the best of several runs, wall-clock and CPU time (the CPU time is steadier on a
busy machine), and the brute-force reference from the tests at the small sizes. The
requests are shaped as the page sends them (protocol.js's requestText: a trip's country
and basis are left out where they are the destination's and `visa-free`, as all of these
are; the overview asked for).

With `--pyodide`, the 7,300-stay requests in the pinned Pyodide under Node instead (the
runtime the page's worker runs, node_modules/pyodide, the core written into its file
system): `handle`'s best wall-clock and CPU time, and its ratio to a floor measured in the
same run, `json.loads` of the request and `json.dumps` of it back (what any answer to the
same request costs at least), as CPU time (process.cpuUsage: wall-clock time on a shared
machine measures the others' work). `--core DIR` times another copy of the core (a `staycheck`
folder, e.g. an older checkout's) in the same way, to compare two versions in one run.

    .venv/bin/python benchmarks/engine.py
    .venv/bin/python benchmarks/engine.py --pyodide [--core ../main/core/staycheck]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
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
    # In France (the request's destination), visa-free: what the page leaves out.
    return [{"entry": d.isoformat(), "exit": (d + length).isoformat()} for d in days]


def request(n: int, pattern: str) -> str:
    on = START + timedelta(days=YEARS_DAYS)
    return json.dumps(
        {
            "destination": "FR",
            "nationality": "US",
            "on": on.isoformat(),
            "stays": history(n, pattern),
            "plan": {"entry": (on + timedelta(days=30)).isoformat()},
            "overview": True,  # as the page asks (site/static/app.js)
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
    stays, (plan, _) = parse_stays(request, on), parse_plan(request, on)
    return best_of(lambda: reference_answer(regime, stays, on, plan), 1)[1]


# Runs in Node: boots node_modules/pyodide, writes the core into its file system, times
# handle and the JSON floor on each request (best of REPEAT after a warm-up), prints JSON.
PYODIDE_SCRIPT = r"""
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
const [root, core, requestsFile, repeat] = process.argv.slice(1);
const { loadPyodide } = await import(pathToFileURL(join(root, "node_modules/pyodide/pyodide.mjs")));
const pyodide = await loadPyodide();
const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
function write(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!["__pycache__", "history", "locale"].includes(name)) write(path);
    } else if (/\.(py|toml)$/.test(name)) {
      const target = `${sitePackages}/staycheck/${relative(core, path)}`;
      pyodide.FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
      pyodide.FS.writeFile(target, readFileSync(path));
    }
  }
}
write(core);
const handle = pyodide.runPython("import json, staycheck.api; staycheck.api.handle");
const floor = pyodide.runPython("lambda text: json.dumps(json.loads(text))");
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
function best(fn, text) {
  let wall = Infinity, used = Infinity, out = "";
  for (let i = 0; i <= Number(repeat); i++) {
    const w = performance.now(), c = cpu();
    out = fn(text);
    if (i > 0) { wall = Math.min(wall, performance.now() - w); used = Math.min(used, cpu() - c); }
  }
  return { wall, cpu: used, bytes: out.length };
}
const results = {};
for (const [name, text] of Object.entries(JSON.parse(readFileSync(requestsFile, "utf8")))) {
  const answer = JSON.parse(handle(text));
  if (!answer.ok) throw new Error(`${name}: ${JSON.stringify(answer.error)}`);
  results[name] = { handle: best(handle, text), floor: best(floor, text) };
}
console.log(JSON.stringify(results));
"""


def pyodide_times(core: Path, repeat: int) -> dict:
    """handle's and the floor's best times for the 7,300-stay requests, in Pyodide."""
    texts = {pattern: request(YEARS_DAYS, pattern) for pattern in ("spread", "daily", "overlap")}
    with tempfile.TemporaryDirectory() as folder:
        requests_file = Path(folder) / "requests.json"
        requests_file.write_text(json.dumps(texts))
        run = subprocess.run(
            ["node", "--input-type=module", "-e", PYODIDE_SCRIPT, str(ROOT), str(core),
             str(requests_file), str(repeat)],
            check=True, capture_output=True, text=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def main_pyodide(cores: list[Path], repeat: int) -> None:
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"Pyodide in Node, 7,300 stays, best of {repeat} after a warm-up; floor: "
          "json.loads of the request and json.dumps of it back")
    print(f"{'core':28} {'pattern':8} {'wall ms':>8} {'cpu ms':>8} {'floor cpu':>10} "
          f"{'cpu / floor':>12} {'answer kB':>10}")
    for core in cores:
        for pattern, times in pyodide_times(core, repeat).items():
            handle_, floor = times["handle"], times["floor"]
            print(f"{str(core)[-28:]:28} {pattern:8} {handle_['wall']:8.1f} {handle_['cpu']:8.1f} "
                  f"{floor['cpu']:10.1f} {handle_['cpu'] / floor['cpu']:12.2f} "
                  f"{handle_['bytes'] / 1000:10.0f}")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pyodide", action="store_true",
                        help="time the 7,300-stay requests in Pyodide under Node")
    parser.add_argument("--core", type=Path, action="append", default=[],
                        help="with --pyodide: a staycheck folder to time too (repeatable)")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    if args.pyodide:
        main_pyodide([ROOT / "core" / "staycheck", *args.core], args.repeat)
        return
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
