"""Days in every country (`"question": "presence"`): the core's counts agree with a
day-by-day count on random histories, and the cases a reader checks by hand come out:
a day of crossing counts for both countries, overlapping trips count a day once, a trip
under way runs to the control day, the 12 months ending on 29 February, the 183-day mark."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from staycheck.api import handle
from staycheck.presence import RESIDENCE_MARK, twelve_months_to

COUNTRIES = ["KZ", "DE", "FR", "GE"]


def ask(stays, on, window_end=None):
    request = {"question": "presence", "on": on, "stays": stays}
    if window_end:
        request["window_end"] = window_end
    return json.loads(handle(json.dumps(request)))


def table(answer):
    """{country: (window days, {year: days})} from an answer."""
    assert answer["ok"], answer
    return {c["country"]: (c["window"]["days"], {y["year"]: y["days"] for y in c["years"]})
            for c in answer["presence"]["countries"]}


def brute_force(stays, on, window_end):
    """Every day of every trip into a set per country, then counted one by one."""
    days: dict[str, set[date]] = {}
    for stay in stays:
        day = date.fromisoformat(stay["entry"])
        last = date.fromisoformat(stay["exit"]) if stay["exit"] else max(on, day)
        while day <= last:
            days.setdefault(stay["country"], set()).add(day)
            day += timedelta(days=1)
    # The window, day by day: the days whose first anniversary comes after window_end.
    def a_year_later(day):
        try:
            return day.replace(year=day.year + 1)
        except ValueError:  # 29 February
            return date(day.year + 1, 3, 1)
    window = {window_end - timedelta(days=n) for n in range(400)
              if a_year_later(window_end - timedelta(days=n)) > window_end}
    all_days = [d for s in days.values() for d in s]
    years = list(range(min(all_days).year, max(all_days).year + 1)) if all_days else []
    return {country: (len(s & window), {y: sum(1 for d in s if d.year == y) for y in years})
            for country, s in days.items()}, years


day_in_range = st.dates(min_value=date(2019, 1, 1), max_value=date(2025, 12, 31))


@st.composite
def histories(draw):
    on = draw(day_in_range)
    stays = []
    ongoing_used = False
    for _ in range(draw(st.integers(0, 7))):
        entry = draw(st.dates(min_value=date(2018, 6, 1), max_value=on))
        country = draw(st.sampled_from(COUNTRIES))
        if not ongoing_used and draw(st.booleans()) and draw(st.booleans()):
            ongoing_used = True
            stays.append({"entry": entry.isoformat(), "exit": None, "country": country})
        else:
            length = draw(st.integers(0, 400))
            stays.append({"entry": entry.isoformat(),
                          "exit": (entry + timedelta(days=length)).isoformat(),
                          "country": country})
    window_end = draw(st.one_of(st.just(date(2024, 2, 29)), day_in_range))
    return stays, on, window_end


@settings(max_examples=200, deadline=None)
@given(histories())
def test_the_counts_agree_with_a_day_by_day_count(history):
    stays, on, window_end = history
    answer = ask(stays, on.isoformat(), window_end.isoformat())
    expected, years = brute_force(stays, on, window_end)
    assert table(answer) == expected
    assert answer["presence"]["years"] == years
    countries = answer["presence"]["countries"]
    assert [c["window"]["days"] for c in countries] == sorted(
        (c["window"]["days"] for c in countries), reverse=True)
    for country in countries:
        for cell in [country["window"], *country["years"]]:
            assert cell["reaches_mark"] == (cell["days"] >= RESIDENCE_MARK)


def test_a_day_of_crossing_counts_for_both_countries():
    answer = ask([{"entry": "2024-03-01", "exit": "2024-03-04", "country": "KZ"},
                  {"entry": "2024-03-04", "exit": "2024-03-08", "country": "DE"}],
                 "2024-04-01", "2024-12-31")
    assert table(answer) == {"DE": (5, {2024: 5}), "KZ": (4, {2024: 4})}


def test_overlapping_trips_count_a_day_once_and_a_trip_under_way_runs_to_the_control_day():
    answer = ask([{"entry": "2023-12-30", "exit": "2024-01-02", "country": "KZ"},
                  {"entry": "2024-01-01", "exit": "2024-01-03", "country": "KZ"},
                  {"entry": "2024-02-01", "exit": None, "country": "GE"}], "2024-02-10")
    assert table(answer) == {"GE": (10, {2023: 0, 2024: 10}), "KZ": (5, {2023: 2, 2024: 3})}
    assert answer["presence"]["window"] == {"first": "2023-02-11", "last": "2024-02-10"}


def test_twelve_months_ending_on_29_february():
    assert twelve_months_to(date(2024, 2, 29)) == date(2023, 3, 1)
    assert twelve_months_to(date(2024, 12, 31)) == date(2024, 1, 1)
    assert twelve_months_to(date(2025, 2, 28)) == date(2024, 2, 29)


def test_183_days_reach_the_mark_and_182_do_not():
    answer = ask([{"entry": "2024-01-01", "exit": "2024-07-01", "country": "KZ"},
                  {"entry": "2024-07-02", "exit": "2024-12-30", "country": "DE"}],
                 "2024-12-31", "2024-12-31")
    rows = {c["country"]: c for c in answer["presence"]["countries"]}
    assert rows["KZ"]["window"] == {"days": 183, "reaches_mark": True}
    assert rows["DE"]["window"] == {"days": 182, "reaches_mark": False}
    assert [c["country"] for c in answer["presence"]["countries"]] == ["KZ", "DE"]


def test_no_trips_is_an_empty_table_and_bad_input_names_its_field():
    assert ask([], "2024-01-01")["presence"]["countries"] == []
    bad_end = ask([], "2024-01-01", "31.12.2024")
    assert bad_end["error"]["code"] == "invalid_date"
    assert bad_end["error"]["path"] == "window_end"
    bad_trip = ask([{"entry": "2024-01-05", "exit": "2024-01-01", "country": "KZ"}], "2024-02-01")
    assert bad_trip["error"]["path"] == "stays[0].exit"
    no_country = ask([{"entry": "2024-01-05", "exit": "2024-01-06"}], "2024-02-01")
    assert no_country["error"]["path"] == "stays[0].country"


def test_50000_trips_are_counted():
    start = date(1960, 1, 1)
    stays = [{"entry": (start + timedelta(days=i)).isoformat(),
              "exit": (start + timedelta(days=i)).isoformat(),
              "country": COUNTRIES[i % 4]} for i in range(50_000)]
    answer = ask(stays, "2099-01-01", "1960-12-31")
    assert sum(c["window"]["days"] for c in answer["presence"]["countries"]) == 366
    assert answer["presence"]["years"] == list(range(1960, 2096 + 1))


def test_the_command_line_prints_the_core_s_days_as_csv(tmp_path):
    trips = tmp_path / "trips.csv"
    trips.write_text("entry,exit,country,basis,note\n2024-03-01,2024-03-04,KZ,,\n"
                     "2024-03-04,2024-03-08,DE,,\n2023-12-31,2024-01-01,KZ,,\n",
                     encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "staycheck", str(trips), "--days-in-countries",
                          "--on", "2024-12-31"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["country,name,2024-01-01..2024-12-31,2023,2024",
                                       "DE,Germany,5,0,5", "KZ,Kazakhstan,5,1,5"]
