// The work the calculator worker does, unasked, once after a start that compiled the
// Python runtime afresh (worker.js), so that the next start finds the runtime compiled.
//
// Chromium keeps the optimised code of a WebAssembly module next to its HTTP-cached file
// (its code cache; a revalidation keeps it) and the next visit starts from that code: no
// compiling, and optimised code from the first request on. But Chromium 156 writes it
// only once V8 has optimised 1 MB of the module at a stretch (`wasm-caching-hard-threshold`);
// with less, nothing was written even after 6 s idle (the trigger meant for that case, 2 s
// after the last code optimised, never fired here). A start from the snapshot and its first
// answer optimise 0.2 MB of the runtime. Answers alone level off at 0.8-1.15 MB: even after
// 160 or 240 of them (2.5-5 s here) the cache was written in 7 runs of 9. Compiling Python
// source (never run) optimises the parser and the compiler too: with WARM_UP_ANSWERS
// answers first (so that the code every answer needs is in the cache) and
// WARM_UP_COMPILES compiles (0.4 s here), the cache (0.7-1.2 MB) was written in 11 of 11.
// In the benchmark's next visit the first answer then came 11% sooner (BENCHMARKS.md,
// issue 13). Pure: Node's tests import it.

import { requestText } from "./protocol.js";

/** How many of the requests the worker answers (in turn, one at a time). */
export const WARM_UP_ANSWERS = 20;

/** How many Python sources the worker compiles after them, and their functions each. */
export const WARM_UP_COMPILES = 12;
const FUNCTIONS = 50;

const DAY = 86_400_000;
const iso = (day) => new Date(day * DAY).toISOString().slice(0, 10);
const dayOf = (text) => Date.parse(`${text}T00:00:00Z`) / DAY;

// A history as the page makes it (store.js's requestFor): `count` trips of `length` days,
// one every `every` days from `first`, in turn in `countries`, every trip's basis given.
function trips(first, count, every, length, countries) {
  const start = dayOf(first);
  return Array.from({ length: count }, (_, i) => ({
    entry: iso(start + i * every),
    exit: iso(start + i * every + length - 1),
    country: countries[i % countries.length],
    basis: "visa-free",
  }));
}

/** The requests, as the JSON text the worker hands Python (protocol.js's requestText). */
export function warmUpRequests() {
  const requests = [
    // The Schengen area, two years of short trips in five of its countries, and a plan.
    {
      destination: "FR",
      nationality: "US",
      on: "2026-06-30",
      stays: trips("2024-07-01", 100, 7, 2, ["FR", "DE", "IT", "ES", "AT"]),
      plan: { entry: "2026-07-20", exit: "2026-08-10" },
      overview: true,
    },
    // Twenty years of the same, a trip a week in turn (a long chart).
    {
      destination: "FR",
      nationality: "US",
      on: "2026-06-30",
      stays: trips("2006-07-01", 150, 48, 3, ["FR", "DE", "IT"]),
      plan: { entry: "2026-07-20" },
      overview: true,
    },
    // Kazakhstan's 90 days in 180 for a Russian passport: long stays, one of them over the
    // limit, and a trip still going on.
    {
      destination: "KZ",
      nationality: "RU",
      on: "2026-06-30",
      stays: [...trips("2024-01-10", 8, 75, 60, ["KZ"]), { entry: "2026-05-01", exit: null, country: "KZ", basis: "visa-free" }],
      plan: { entry: "2026-09-01" },
      overview: true,
    },
    // Russia's 90 days a calendar year for a Kazakh passport, and a plan over the limit.
    {
      destination: "RU",
      nationality: "KZ",
      on: "2026-06-30",
      stays: trips("2025-01-05", 12, 40, 12, ["RU"]),
      plan: { entry: "2026-07-01", exit: "2026-08-30" },
      overview: true,
    },
    // The United Kingdom's six months a visit, one of them too long.
    {
      destination: "GB",
      nationality: "US",
      on: "2026-06-30",
      stays: trips("2024-03-01", 4, 200, 190, ["GB"]),
      overview: true,
    },
    // A trip that ends before it starts: the answer is the error that names it.
    {
      destination: "FR",
      nationality: "US",
      on: "2026-06-30",
      stays: [...trips("2025-01-01", 30, 10, 3, ["FR"]), { entry: "2026-03-10", exit: "2026-03-01", country: "FR" }],
      overview: true,
    },
  ];
  return requests.map(requestText);
}

/** The Python sources the worker compiles (and never runs), each of FUNCTIONS functions
 * with arguments of every kind, a comprehension, a try statement and an f-string. */
export function warmUpSources() {
  const functionText = (source, i) =>
    [
      `def f${source}_${i}(a, b=1, *c, d=None, **e):`,
      "    x = [y * a + b for y in range(a) if y % 3]",
      "    try:",
      `        return {k: v for k, v in zip("abc", (a, b, x))}, f"{a!r:>10}"`,
      "    except (KeyError, ValueError) as err:",
      "        raise RuntimeError(str(err)) from err",
      "",
    ].join("\n");
  return Array.from({ length: WARM_UP_COMPILES }, (_, source) => Array.from({ length: FUNCTIONS }, (_, i) => functionText(source, i)).join("\n"));
}
