"""Days of presence in each country: per calendar year and in the 12 months ending on a
chosen day, with the 183-day mark that tax-residence questions turn on.

A day counts for a country when a trip there covers it, entry and exit days included, so
a day of crossing counts for both countries; a day covered by several trips to the same
country counts once. A trip still under way runs to the control day. This counts
presence only: it is not a rule of any country's tax law.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .dates import day_count
from .model import Stay

RESIDENCE_MARK = 183


@dataclass(frozen=True)
class CountryDays:
    country: str
    window: int  # days in the 12 months ending on the window's last day
    years: dict[int, int]  # calendar year -> days (every year of the table, zeros too)


@dataclass(frozen=True)
class Presence:
    window_first: date
    window_last: date
    years: list[int]  # every calendar year from the first day present to the last
    countries: list[CountryDays]  # most days in the window first, then by code


def twelve_months_to(last: date) -> date:
    """The first day of the 12 months ending on `last`: the day after the same date a year
    before (from 28 February when that year has no 29th), 365 or 366 days in all."""
    try:
        before = last.replace(year=last.year - 1)
    except ValueError:  # 29 February
        before = date(last.year - 1, 2, 28)
    return date.fromordinal(before.toordinal() + 1)


def merged_runs(stays: list[Stay], on: date) -> dict[str, list[tuple[int, int]]]:
    """Per country, its days as runs of day numbers (first, last) that neither overlap nor
    touch, in order."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for stay in stays:
        last = stay.exit or max(on, stay.entry)
        spans.setdefault(stay.country, []).append((stay.entry.toordinal(), last.toordinal()))
    runs: dict[str, list[tuple[int, int]]] = {}
    for country, pieces in spans.items():
        merged: list[list[int]] = []
        for first, last in sorted(pieces):
            if merged and first <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], last)
            else:
                merged.append([first, last])
        runs[country] = [(first, last) for first, last in merged]
    return runs


def days_within(runs: list[tuple[int, int]], first: int, last: int) -> int:
    return sum(max(0, day_count(max(a, first), min(b, last))) for a, b in runs)


def days_per_year(runs: list[tuple[int, int]], years: list[int]) -> dict[int, int]:
    """Each run's days, split at the new years it crosses: one pass over the runs."""
    counts = dict.fromkeys(years, 0)
    for first, last in runs:
        for year in range(date.fromordinal(first).year, date.fromordinal(last).year + 1):
            counts[year] += day_count(max(first, date(year, 1, 1).toordinal()),
                                      min(last, date(year, 12, 31).toordinal()))
    return counts


def presence(stays: list[Stay], on: date, window_last: date) -> Presence:
    """The days present in each country of `stays`, per year and in the 12 months ending
    on `window_last`; a trip without an exit is still under way on `on`."""
    runs = merged_runs(stays, on)
    window_first = twelve_months_to(window_last)
    if runs:
        first_year = date.fromordinal(min(r[0][0] for r in runs.values())).year
        last_year = date.fromordinal(max(r[-1][1] for r in runs.values())).year
        years = list(range(first_year, last_year + 1))
    else:
        years = []
    countries = [
        CountryDays(country,
                    days_within(country_runs, window_first.toordinal(), window_last.toordinal()),
                    days_per_year(country_runs, years))
        for country, country_runs in runs.items()]
    countries.sort(key=lambda c: (-c.window, c.country))
    return Presence(window_first, window_last, years, countries)
