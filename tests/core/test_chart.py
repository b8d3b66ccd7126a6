"""The timeline's data: by default the whole history, where each rule version starts and
which days it governs, and the overstays as days of the chart."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from .helpers import ask, ok

TODAY = "2026-12-02"


def day(text: str, days: int = 0) -> str:
    return (date.fromisoformat(text) + timedelta(days=days)).isoformat()


def date_at(chart: dict, index: int) -> str:
    """The date of the chart's day `index`: `first` plus `index` days (the page's way)."""
    assert 0 <= index < chart["days"]
    return day(chart["first"], index)


def index_of(chart: dict, text: str) -> int:
    return (date.fromisoformat(text) - date.fromisoformat(chart["first"])).days


def test_without_a_range_the_chart_reaches_back_to_the_first_trip():
    # A 100-day stay four years ago (a 10-day overstay) and a short one this year.
    stays = [("2023-03-01", "2023-06-08"), ("2026-05-01", "2026-05-10")]
    answer = ok(ask("KZ", "RU", TODAY, stays))
    chart = answer["chart"]
    assert chart["first"] == "2023-03-01"
    assert chart["last"] == day(TODAY, 180)
    assert date_at(chart, chart["today"]) == TODAY
    assert chart["days"] == len(chart["counts"]) == len(chart["present"])
    (overstay,) = chart["overstays"]
    assert date_at(chart, overstay["first"]) == "2023-05-30"
    assert date_at(chart, overstay["last"]) == "2023-06-08"
    assert (overstay["days"], overstay["limit_kind"]) == (10, "rolling")
    assert chart["counts"][overstay["last"]] == 100


def test_a_short_history_still_shows_a_year_back_and_a_booked_trip_to_its_end():
    stays = [("2026-11-20", "2026-11-25"), ("2027-08-01", "2027-08-20")]
    answer = ok(ask("KZ", "RU", TODAY, stays))
    chart = answer["chart"]
    assert chart["first"] == day(TODAY, -364)
    assert chart["last"] == "2027-08-20"
    assert chart["present"][-1] == 1


def test_the_chart_reaches_back_thirty_years_at_most():
    answer = ok(ask("GE", "RU", TODAY, [("1980-01-01", "1980-02-01"), ("2026-11-20", None)]))
    assert answer["chart"]["first"] == day(TODAY, -round(30 * 365.25))


def test_each_version_is_placed_on_the_chart_and_governs_its_days():
    # Kazakhstan: 90 days per entry until 26 Jan 2023, then 90 in any 180; a stay begun
    # before the change keeps the old rule until it ends (new entries only).
    stays = [("2022-12-01", "2023-02-10"), ("2023-05-01", "2023-05-20")]
    answer = ok(ask("KZ", "RU", TODAY, stays))
    chart = answer["chart"]
    versions = chart["versions"]
    assert [v["effective_from"] for v in versions] == ["2015-01-01", "2016-04-07", "2023-01-27"]
    assert [v["limit_kind"] for v in versions] == ["per_entry", "per_entry", "rolling"]
    assert [v["limit"] for v in versions] == [90, 90, 90]
    assert versions[0]["index"] is None  # before the chart
    assert date_at(chart, versions[2]["index"]) == "2023-01-27"
    old, new = chart["segments"]
    assert (old["version"], new["version"]) == (1, 2)
    assert date_at(chart, old["last"]) == "2023-02-10"  # the stay under way keeps the old rule
    assert (old["first"], new["first"]) == (0, old["last"] + 1)
    assert new["last"] == chart["days"] - 1
    # The per-entry count is the stay's days; the rolling count is the window's.
    assert chart["counts"][old["last"]] == 72
    may = index_of(chart, "2023-05-20")
    # The new rule counts from 27 Jan 2023 only: 27 Jan - 10 Feb (15 days) and 1-20 May.
    assert chart["counts"][may] == 15 + 20


def test_days_with_no_rule_have_no_version_and_no_count():
    answer = ok(ask("KZ", "RU", TODAY, [("2014-12-01", "2015-01-10")]))
    chart = answer["chart"]
    first = chart["segments"][0]
    assert first["version"] is None
    assert date_at(chart, first["last"]) == "2014-12-31"
    assert chart["counts"][0] is None and chart["limits"][0] is None
    assert chart["versions"][0]["index"] == first["last"] + 1


def test_an_overstay_cut_by_the_requested_range_keeps_its_length():
    answer = ok(ask("KZ", "RU", TODAY, [("2023-03-01", "2023-06-08")],
                    chart={"first": "2023-06-01", "last": "2023-12-31"}))
    (overstay,) = answer["chart"]["overstays"]
    assert (overstay["first"], overstay["last"], overstay["days"]) == (0, 7, 10)
    later = ok(ask("KZ", "RU", TODAY, [("2023-03-01", "2023-06-08")],
                   chart={"first": "2024-01-01", "last": "2024-12-31"}))
    assert later["chart"]["overstays"] == []


@pytest.mark.parametrize(("destination", "nationality"), [("KZ", "RU"), ("FR", "US"), ("KG", "AT")])
def test_every_day_s_count_is_the_control_day_s_answer_for_that_day(destination, nationality):
    # The chart counts by stretches and prefix sums; the control day's check counts one
    # day at a time: both must agree on every day, trips, gaps and rule changes included.
    rng = random.Random(f"{destination}{nationality}")
    start, stays = date(2022, 6, 1), []
    for _ in range(12):
        start += timedelta(days=rng.randint(1, 60))
        end = start + timedelta(days=rng.randint(0, 70))
        stays.append((start.isoformat(), end.isoformat()))
        start = end + timedelta(days=1)
    chart = ok(ask(destination, nationality, TODAY, stays))["chart"]
    ruled = [i for i, limit in enumerate(chart["limits"]) if limit is not None]
    assert len(ruled) > 300
    for index in sorted(rng.sample(ruled, 25)):
        on = ok(ask(destination, nationality, date_at(chart, index), stays))["on"]
        assert (chart["counts"][index], chart["limits"][index]) == (on["days_used"], on["limit"]), (
            date_at(chart, index))
