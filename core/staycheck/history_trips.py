"""A location history's days to trips: one run of days in a country is one trip.

A day counts for every country the person was in on it, so a day of crossing is the exit
day of one trip and the entry day of the next. Days with no point between two days are
bridged when the country of the last point before them is the country of the first point
after them (nobody left), and are a gap otherwise: the trips on either side end and begin
at the days the points show, and say so.

Flags on a trip (the review step shows them):
- `gap_before` / `gap_after`: the days just before the entry / after the exit have no
  point and another country is on the other side, so the entry / exit is uncertain;
- `border_entry` / `border_exit`: the entry / exit day is a day in two or more countries
  where this country has a single point: a fix near the border may have strayed.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

EPOCH = date(1970, 1, 1)


def iso(day: int) -> str:
    return (EPOCH + timedelta(days=day)).isoformat()


def derive_trips(days: dict[int, dict[str, list]]) -> dict:
    """{"trips": [...], "gaps": [...], "days": n} from DayCountries.days."""
    observed = sorted(days)
    presence: dict[int, set[str]] = {d: set(days[d]) for d in observed}
    gap_days: set[int] = set()
    gaps = []
    for before, after in pairwise(observed):
        if after - before <= 1:
            continue
        leaving = max(days[before].items(), key=lambda kv: kv[1][2])[0]
        arriving = min(days[after].items(), key=lambda kv: kv[1][1])[0]
        missing = range(before + 1, after)
        if leaving == arriving:
            for day in missing:
                presence[day] = {leaving}
        else:
            gap_days.update(missing)
            gaps.append({"first": iso(before + 1), "last": iso(after - 1),
                         "from": leaving, "to": arriving})

    trips = []
    open_runs: dict[str, dict] = {}
    for day in sorted(presence):
        here = presence[day]
        for code in [c for c in open_runs if c not in here or day - open_runs[c]["last"] > 1]:
            trips.append(_close(open_runs.pop(code), days, gap_days))
        for code in sorted(here):
            run = open_runs.get(code)
            if run is None:
                run = open_runs[code] = {"country": code, "first": day, "last": day,
                                         "points": 0, "bridged": 0}
            run["last"] = day
            stats = days.get(day, {}).get(code)
            if stats:
                run["points"] += stats[0]
            else:
                run["bridged"] += 1
    trips.extend(_close(run, days, gap_days) for run in open_runs.values())
    trips.sort(key=lambda t: (t["entry"], t["exit"], t["country"]))
    return {"trips": trips, "gaps": gaps, "days": len(observed)}


def _close(run: dict, days: dict, gap_days: set[int]) -> dict:
    first, last, code = run["first"], run["last"], run["country"]
    flags = []
    if first - 1 in gap_days:
        flags.append("gap_before")
    if last + 1 in gap_days:
        flags.append("gap_after")
    if _stray(days.get(first, {}), code):
        flags.append("border_entry")
    if last != first and _stray(days.get(last, {}), code):
        flags.append("border_exit")
    return {"entry": iso(first), "exit": iso(last), "country": code, "points": run["points"],
            "bridged_days": run["bridged"], "flags": flags}


def _stray(countries: dict, code: str) -> bool:
    return len(countries) > 1 and code in countries and countries[code][0] == 1

