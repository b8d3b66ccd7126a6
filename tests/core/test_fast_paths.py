"""The fast paths of a long history agree with the day-by-day reference and the slow path:
the timeline a column at a time (each day's count under the primary limit of the version
governing it), the days no rule checks, and the stays parsed once per distinct value."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from staycheck.api import RequestError, handle, parse_stay, well_formed_stays
from staycheck.engine import NoRuleError, PlanOverlapError, evaluate, primary_limit
from staycheck.model import PerEntry, RollingWindow, Stay

from .reference import Reference, per_entry_days
from .test_engine_properties import (
    BREAK,
    KZ_EAEU,
    KZ_REQUESTS,
    MINI,
    SETTINGS,
    requests,
)

D = date

MINI_REQUESTS = requests(
    anchors=[D(2019, 12, 1), D(2020, 1, 1), D(2020, 1, 20), D(2020, 2, 10), D(2020, 2, 20)],
    countries=["FR", "FR", "DE"], bases=["visa-free", "visa-free", "visa"], max_len=12,
    spread=25, max_gap=8, edges=[5, 6, 7])
BREAK_REQUESTS = requests(
    anchors=[D(2021, 1, 1), D(2021, 3, 1)], countries=["KG"], bases=["visa-free"], max_len=12,
    spread=40, max_gap=8, edges=[4, 5, 6, 10, 11])


def evaluated(regime, stays, on, plan):
    try:
        return evaluate(regime, stays, on, plan)
    except (NoRuleError, PlanOverlapError):
        return None


def reference_chart(regime, stays, on, first: int, last: int):
    """Per day from `first` to `last`: (count, limit, present, version index), day by day."""
    ref = Reference(regime, stays, on)
    index = {id(v): i for i, v in enumerate(regime.versions)}
    days = []
    for day in range(first, last + 1):
        run = ref.base.run_at(day)
        version = (ref.memo.governing(run.first, day) if run else ref.memo.in_force(day))
        limit = primary_limit(version) if version else None
        present = int(day in ref.base.presence)
        if limit is None:
            days.append((None, None, present, index[id(version)] if version else None))
            continue
        ref.on = day
        used, _ = ref.primary_days_used(version, run)
        if isinstance(limit, PerEntry):
            cap = per_entry_days(limit, run.first if run else day)
        else:
            cap = limit.days
        days.append((used, cap, present, index[id(version)]))
    return days


def assert_chart_agrees(regime, stays, on, plan):
    got = evaluated(regime, stays, on, plan)
    if got is None:
        return
    chart = got.chart
    first = chart.first.toordinal()
    expected = reference_chart(regime, stays, on, first, first + len(chart.counts) - 1)
    assert chart.counts == [e[0] for e in expected], "counts"
    assert chart.limits == [e[1] for e in expected], "limits"
    assert chart.present == [e[2] for e in expected], "present"
    versions = [None] * len(expected)
    for a, b, number in chart.segments:
        versions[a:b + 1] = [number] * (b - a + 1)
    assert versions == [e[3] for e in expected], "segments"
    assert all(x[2] != y[0] or (x[2] is None and y[0] is None)
               for x, y in zip(chart.segments, chart.segments[1:], strict=False)), "merged"


def reference_unchecked(regime, stays, on) -> list[tuple[date, date]]:
    """The days of presence some run holds with no version governing them, as maximal
    ranges of consecutive days."""
    ref = Reference(regime, stays, on)
    days = sorted({day for run in ref.base.runs for day in run.days()
                   if ref.memo.governing(run.first, day) is None})
    ranges: list[list[int]] = []
    for day in days:
        if ranges and day == ranges[-1][1] + 1:
            ranges[-1][1] = day
        else:
            ranges.append([day, day])
    return [(date.fromordinal(a), date.fromordinal(b)) for a, b in ranges]


@settings(max_examples=60, **SETTINGS)
@given(MINI_REQUESTS)
def test_the_chart_of_a_regime_with_every_kind_of_change_agrees_with_the_reference(request):
    assert_chart_agrees(MINI, *request)


@settings(max_examples=40, **SETTINGS)
@given(KZ_REQUESTS)
def test_the_chart_across_the_kazakh_switch_agrees_with_the_reference(request):
    assert_chart_agrees(KZ_EAEU, *request)


@settings(max_examples=30, **SETTINGS)
@given(BREAK_REQUESTS)
def test_the_chart_under_a_break_rule_agrees_with_the_reference(request):
    assert_chart_agrees(BREAK, *request)


@settings(max_examples=60, **SETTINGS)
@given(MINI_REQUESTS)
def test_the_unchecked_days_are_the_reference_s_as_ranges_of_consecutive_days(request):
    stays, on, plan = request
    got = evaluated(MINI, stays, on, plan)
    if got is not None:
        assert list(got.unchecked) == reference_unchecked(MINI, stays, on)


@settings(max_examples=40, **SETTINGS)
@given(KZ_REQUESTS)
def test_the_unchecked_days_before_the_first_kazakh_rule_agree_with_the_reference(request):
    stays, on, plan = request
    got = evaluated(KZ_EAEU, stays, on, plan)
    if got is not None:
        assert list(got.unchecked) == reference_unchecked(KZ_EAEU, stays, on)


def test_one_day_trips_on_consecutive_days_before_any_rule_make_one_warning():
    # 400 one-day trips from 1 Jan 2014, a year before Kazakhstan's first rule: one range
    # of days, not a warning per trip.
    first = D(2014, 1, 1)
    days = [(first + timedelta(i)).isoformat() for i in range(400)]
    stays = [{"entry": day, "exit": day, "country": "KZ"} for day in days]
    stays.append({"entry": "2015-06-01", "exit": "2015-06-02", "country": "KZ"})
    answer = json.loads(handle(json.dumps(
        {"destination": "KZ", "nationality": "RU", "on": "2015-06-10", "stays": stays})))
    unchecked = [w for w in answer["warnings"] if w["code"] == "unchecked_days"]
    assert [(w["params"]["first"], w["params"]["last"]) for w in unchecked] == [
        ("2014-01-01", "2014-12-31")]


def test_trips_apart_before_any_rule_keep_a_warning_each():
    stays = [{"entry": "2014-03-01", "exit": "2014-03-05", "country": "KZ"},
             {"entry": "2014-03-07", "exit": "2014-03-07", "country": "KZ"}]
    answer = json.loads(handle(json.dumps(
        {"destination": "KZ", "nationality": "RU", "on": "2015-06-10", "stays": stays})))
    assert [(w["params"]["first"], w["params"]["last"]) for w in answer["warnings"]] == [
        ("2014-03-01", "2014-03-05"), ("2014-03-07", "2014-03-07")]


# --- Parsing: the fast path takes what parse_stay takes, and only that -------------------

VALUES = st.one_of(
    st.sampled_from(["2023-01-01", "2023-01-05", "2023-02-30", "2023-1-01", "1949-12-31",
                     "2100-01-01", "", "2023-01-01T00:00", "2023-W01-1"]),
    st.none(), st.integers(0, 3), st.lists(st.integers(), max_size=1))
ITEMS = st.one_of(
    st.fixed_dictionaries(
        {"entry": VALUES, "exit": VALUES},
        optional={"country": st.sampled_from(["FR", "fr", "XX", "", None, 5]),
                  "basis": st.sampled_from(["visa-free", "visa", "residence", "", None,
                                            "work", ["visa"]])}),
    st.none(), st.lists(st.integers(), max_size=1), st.just({"entry": "2023-01-01"}))


@settings(max_examples=300, **SETTINGS)
@given(st.lists(ITEMS, max_size=6), st.sampled_from([None, "DE", "de", 7]))
def test_the_fast_path_parses_exactly_what_parse_stay_accepts(items, default_country):
    on = D(2023, 1, 10)
    try:
        slow = [parse_stay(item, i, on, default_country) for i, item in enumerate(items)]
    except RequestError:
        slow = None
    assert well_formed_stays(items, on, default_country) == slow


# Each text parse_stay turns down as a date, alone among good trips (the generated lists
# above rarely hold just one bad value): the fast path must turn it down too.
NOT_DATES = ["2023-02-30", "2023-1-01", "1949-12-31", "2100-01-01", "", "2023-01-01T00:00",
             "2023-W01-1", "20230101", "2023-001", 20230101]


@pytest.mark.parametrize("field", ["entry", "exit"])
@pytest.mark.parametrize("value", NOT_DATES)
def test_the_fast_path_turns_down_each_text_that_is_not_a_supported_date(field, value):
    good = {"entry": "2023-01-01", "exit": "2023-01-03"}
    items = [good, {**good, field: value}, good]
    with pytest.raises(RequestError):
        parse_stay(items[1], 1, D(2023, 1, 10), "FR")
    assert well_formed_stays(items, D(2023, 1, 10), "FR") is None


def test_the_fast_path_keeps_the_order_and_the_values():
    items = [{"entry": "2023-01-05", "exit": None, "country": "fr"},
             {"entry": "2023-01-01", "exit": "2023-01-05", "country": "FR", "basis": "visa"}]
    assert well_formed_stays(items, D(2023, 1, 10), None) == [
        Stay(D(2023, 1, 5), None, "FR", "visa-free"),
        Stay(D(2023, 1, 1), D(2023, 1, 5), "FR", "visa")]


def test_a_window_count_floored_at_a_version_start_is_counted_from_it():
    # MINI's 20 Jan 2020 version does not count earlier days: the chart's window of the
    # days after it begins on 20 Jan, not ten days back.
    stays = [Stay(D(2020, 1, 15), D(2020, 1, 18), "FR"), Stay(D(2020, 1, 21), D(2020, 1, 25), "FR")]
    chart = evaluate(MINI, stays, D(2020, 1, 25)).chart
    day = D(2020, 1, 23).toordinal() - chart.first.toordinal()
    assert isinstance(primary_limit(MINI.versions[2]), RollingWindow)
    assert chart.counts[day] == 3
