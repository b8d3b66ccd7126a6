"""The engine agrees with the day-by-day reference (tests/core/reference.py) on random
histories: every answer of docs/counting.md, under real rule data around its effective
dates and under small made-up regimes that reach every limit kind in a few days.

Histories have 0 to 6 stays that overlap, touch (exit day == next entry day), follow on the
next day, share an entry day or leave a gap, some still going on (exit null), in counted
and uncounted countries and bases, listed in any order.
"""

from __future__ import annotations

import json
import signal
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, assume, event, example, given, note, settings
from hypothesis import strategies as st

from staycheck.api import handle
from staycheck.engine import NoRuleError, PlanOverlapError, evaluate
from staycheck.model import (
    Accumulating,
    BreakAfterStay,
    CalendarYear,
    FixedPeriod,
    Membership,
    PerEntry,
    Regime,
    RollingWindow,
    Source,
    Stay,
    Version,
)
from staycheck.rules import regime_by_id

from .reference import Answer, reference_answer

D = date
SOURCE = (Source("made up for the property tests", "https://example.org/"),)


def version(effective_from: date, *limits, **flags) -> Version:
    return Version(effective_from=effective_from, verified_on=D(2026, 11, 25),
                   limits=tuple(limits), sources=SOURCE, **flags)


def made_up(regime_id: str, area: tuple[Membership, ...], *versions: Version) -> Regime:
    return Regime(id=regime_id, title=regime_id, nationalities=frozenset({"US"}), area=area,
                  counted_bases=frozenset({"visa-free", "visa"}), versions=versions)


# A regime with small numbers that goes through every kind of change in a few weeks:
# a rolling window, a calendar year with a per-entry cap from 1 Jan 2020, a version that is
# new_entries_only and does not count earlier days (with a break rule), a repeal, and a
# per-entry cap in months. DE is in the area only from 10 Jan to 15 Feb 2020.
MINI = made_up(
    "mini",
    (Membership("FR"), Membership("DE", D(2020, 1, 10), D(2020, 2, 15))),
    version(D(2019, 12, 1), RollingWindow(days=6, period=12)),
    version(D(2020, 1, 1), CalendarYear(days=8), PerEntry(days=5)),
    version(D(2020, 1, 20), RollingWindow(days=5, period=10), BreakAfterStay(3, 2),
            new_entries_only=True, counts_earlier_days=False),
    version(D(2020, 2, 10), repealed=True),
    version(D(2020, 2, 20), PerEntry(months=1), RollingWindow(days=7, period=14)),
)

# A Kyrgyz-style break rule with small numbers: 10 days per entry; after a stay of 6 days
# or more, 4 full days outside. Then a rolling window from 2021-03-01.
BREAK = made_up(
    "break-rule", (Membership("KG"),),
    version(D(2021, 1, 1), PerEntry(days=10), BreakAfterStay(stay_days=6, break_days=4)),
    version(D(2021, 3, 1), PerEntry(days=10), BreakAfterStay(stay_days=6, break_days=4),
            RollingWindow(days=12, period=30)),
)


def regime(regime_id: str) -> Regime:
    found = regime_by_id(regime_id)
    assert found is not None, regime_id
    return found


# --- Random requests ---------------------------------------------------------------------


@st.composite
def requests(draw, anchors, countries, bases, max_len, spread, max_gap, edges=()):
    """(stays, on, plan_entry) around one of `anchors`. `edges`: stay lengths and gaps on
    both sides of the limits (drawn as often as any other length or gap)."""
    anchor = draw(st.sampled_from(anchors))
    on = anchor + timedelta(draw(st.integers(-spread, spread)))
    if draw(st.integers(0, 9)) == 0:  # asked long before or after the trips
        on += timedelta(draw(st.sampled_from([-1, 1])) * draw(st.integers(spread, 3 * spread)))
    lengths = st.integers(1, max_len)
    gaps = st.integers(2, max_gap)
    if edges:
        lengths = st.one_of(lengths, st.sampled_from(edges))
        gaps = st.one_of(gaps, st.sampled_from(edges))
    count = draw(st.integers(0, 6))
    entry = anchor + timedelta(draw(st.integers(-spread - max_len, spread)))
    stays: list[Stay] = []
    prev_entry = prev_exit = None
    for _ in range(count):
        if prev_entry is not None:
            how = draw(st.sampled_from(
                ["gap", "gap", "touch", "next_day", "overlap", "same_entry"]))
            if how == "gap":
                entry = prev_exit + timedelta(draw(gaps))
            elif how == "touch":
                entry = prev_exit
            elif how == "next_day":
                entry = prev_exit + timedelta(1)
            elif how == "overlap":
                entry = prev_entry + timedelta(
                    draw(st.integers(0, (prev_exit - prev_entry).days)))
            else:
                entry = prev_entry
        exit_day = entry + timedelta(draw(lengths) - 1)
        ongoing = entry <= on and draw(st.integers(0, 4)) == 0
        stays.append(Stay(entry, None if ongoing else exit_day,
                          draw(st.sampled_from(countries)), draw(st.sampled_from(bases))))
        prev_entry, prev_exit = entry, (max(on, entry) if ongoing else exit_day)
    stays = draw(st.permutations(stays))
    plan = None
    if draw(st.booleans()):
        plan = on + timedelta(draw(st.integers(0, spread)))
    note(f"stays={stays!r}\non={on!r}\nplan_entry={plan!r}")
    return list(stays), on, plan


SETTINGS = {"deadline": None, "derandomize": True, "database": None,
            "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}


# --- Agreement ---------------------------------------------------------------------------


@contextmanager
def at_most(seconds: float):
    """Turn an engine that does not answer into a failure instead of a stuck suite."""
    def stop(signum, frame):
        raise TimeoutError(f"no answer within {seconds} s")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def beyond_reference(expected: Answer) -> str | None:
    """Requests the brute-force reference cannot answer: its searches are bounded, so a
    search that reached its end (only days with no rule ahead) has no reference answer."""
    if expected.notes:
        return "a searched stay runs into days with no rule"
    return None


def describe(expected: Answer) -> None:
    """What the example covers (shown by pytest --hypothesis-show-statistics)."""
    if expected.error is not None:
        event(f"error {expected.error}")
        return
    event("present" if expected.present else "away")
    event("violations: " + (", ".join(sorted({v.kind for v in expected.violations})) or "none"))
    if expected.plan is not None:
        event(f"plan limited by {'/'.join(sorted(map(str, expected.plan.limit.limited_by)))}")
    if expected.latest_exit_limit is not None:
        event("latest exit limited by "
              + "/".join(sorted(map(str, expected.latest_exit_limit.limited_by))))
    if expected.next_entry is not None and expected.next_entry.full is None:
        event("no full stay")


def reference(regime_: Regime, stays, on, plan_entry) -> Answer:
    expected = reference_answer(regime_, stays, on, plan_entry)
    note(f"reference: {expected!r}")
    return expected


def assert_engine_agrees(regime_: Regime, stays: list[Stay], on: date,
                         plan_entry: date | None = None) -> None:
    expected = reference(regime_, stays, on, plan_entry)
    assume(beyond_reference(expected) is None)
    describe(expected)
    if expected.error in ("no_rule", "plan_no_rule"):
        with pytest.raises(NoRuleError):
            evaluate(regime_, stays, on, plan_entry)
        return
    if expected.error == "plan_overlaps_stay":
        with pytest.raises(PlanOverlapError):
            evaluate(regime_, stays, on, plan_entry)
        return
    with at_most(10):
        got = evaluate(regime_, stays, on, plan_entry)
    note(f"engine: checks={got.checks!r} present={got.present} latest_exit={got.latest_exit}"
         f" violations={got.violations!r} next_entry={got.next_entry!r} plan={got.plan!r}")

    primary = got.checks[0] if got.checks else None
    assert (primary.used if primary else 0) == expected.days_used, "on.days_used"
    assert (primary.kind if primary else None) == expected.primary_kind, "primary limit"
    assert got.present == expected.present, "present"
    if expected.present:
        assert date.fromordinal(got.current_stay.entry) == expected.current_entry
    assert got.latest_exit == expected.latest_exit, "latest_exit"
    if expected.latest_exit_limit is not None:
        assert_stop(got.latest_exit_limit, expected.latest_exit_limit, "latest_exit")
    assert _violations(got.violations) == _violations(expected.violations), "violations"
    if expected.next_entry is None:
        assert got.next_entry is None, "next_entry"
    else:
        assert got.next_entry is not None, "next_entry"
        for name in ("earliest", "max_days", "full", "full_days", "assumes_exit"):
            assert getattr(got.next_entry, name) == getattr(expected.next_entry, name), (
                f"next_entry.{name}")
        assert_stop((got.next_entry.limited_by, got.next_entry.later_stay),
                    expected.next_entry.limit, "next_entry")
    if plan_entry is not None:
        plan = expected.plan
        for name in ("entry", "max_days", "last_day"):
            assert getattr(got.plan, name) == getattr(plan, name), f"plan.{name}"
        assert_stop((got.plan.limited_by, got.plan.later_stay), plan.limit, "plan")


def assert_stop(got: tuple[str | None, int | None], expected, what: str) -> None:
    limited_by, later_stay = got
    assert limited_by in expected.limited_by, f"{what}: limited_by"
    assert later_stay in expected.later_stay, f"{what}: later_stay"


def _violations(runs) -> list[tuple]:
    return [(v.first, v.last, v.days, v.kind, v.peak, v.limit) for v in runs]


# --- Kazakhstan: the 27 Jan 2023 switch and the 2016 version -----------------------------

KZ_EAEU = regime("kz-eaeu")
KZ_REQUESTS = requests(
    anchors=[D(2023, 1, 27), D(2016, 4, 1), D(2023, 4, 27)], countries=["KZ", "KZ", "KZ", "RU"],
    bases=["visa-free", "visa-free", "visa"], max_len=100, spread=120, max_gap=60,
    edges=[30, 89, 90, 91, 92, 179, 180, 181])


@settings(max_examples=120, **SETTINGS)
@given(KZ_REQUESTS)
# A stay begun before 27 Jan 2023 stays under the 90 days per entry until its exit.
@example(([Stay(D(2022, 11, 1), D(2023, 3, 1), "KZ")], D(2023, 2, 1), None))
# A visa run on 27 Jan 2023 is a new entry under the new rule; the days before do not count.
@example(([Stay(D(2022, 12, 1), D(2023, 1, 27), "KZ"), Stay(D(2023, 1, 27), None, "KZ")],
          D(2023, 4, 20), D(2023, 5, 1)))
# Entered on 26 Jan and 27 Jan: the records overlap, so one run under the old rule.
@example(([Stay(D(2023, 1, 26), D(2023, 5, 1), "KZ"), Stay(D(2023, 1, 27), D(2023, 1, 28), "KZ")],
          D(2023, 4, 30), D(2023, 5, 2)))
def test_kazakhstan_for_eaeu_citizens_agrees_with_the_day_by_day_reference(request):
    assert_engine_agrees(KZ_EAEU, *request)


KZ_VISA_FREE_30 = regime("kz-visa-free-30")


@settings(max_examples=40, **SETTINGS)
@given(requests(anchors=[D(2023, 1, 27), D(2022, 1, 1)], countries=["KZ"],
                bases=["visa-free"], max_len=50, spread=40, max_gap=40,
                edges=[29, 30, 31, 89, 90, 91]))
# Entered during the 2020-2021 suspension (no rule) and still there on 1 Jan 2022: the
# 30 days per entry count from the entry, so every day from 1 Jan 2022 is over.
@example(([Stay(D(2021, 12, 20), D(2022, 1, 5), "KZ")], D(2022, 1, 3), None))
def test_kazakhstan_30_days_per_entry_agrees_with_the_day_by_day_reference(request):
    assert_engine_agrees(KZ_VISA_FREE_30, *request)


KZ_UZBEKISTAN = regime("kz-uzbekistan")


@settings(max_examples=25, **SETTINGS)
@given(requests(anchors=[D(2023, 1, 27)], countries=["KZ"], bases=["visa-free"],
                max_len=40, spread=40, max_gap=30))
# Entered on 26 Jan 2023, before the first version, which governs new entries only: no rule.
@example(([Stay(D(2023, 1, 26), None, "KZ")], D(2023, 2, 1), None))
def test_kazakhstan_for_uzbek_citizens_agrees_with_the_day_by_day_reference(request):
    assert_engine_agrees(KZ_UZBEKISTAN, *request)


# --- Schengen: Croatia from 1 Jan 2023, Bulgaria and Romania from 31 Mar 2024 -------------

SCHENGEN = regime("schengen")
SCHENGEN_REQUESTS = requests(
    anchors=[D(2023, 1, 1), D(2024, 3, 31)], countries=["HR", "BG", "FR", "DE", "CY", "GB"],
    bases=["visa-free", "visa-free", "visa", "residence"], max_len=100, spread=120,
    max_gap=60, edges=[45, 89, 90, 91, 92, 179, 180, 181])


@settings(max_examples=120, **SETTINGS)
@given(SCHENGEN_REQUESTS)
# In France to 31 Dec 2022, in Croatia across New Year: Croatia's days count from 1 Jan
# 2023, a new entry the day after the French days.
@example(([Stay(D(2022, 12, 20), D(2023, 1, 10), "HR"),
           Stay(D(2022, 12, 25), D(2022, 12, 31), "FR")], D(2023, 1, 5), D(2023, 1, 20)))
# 90 days in Germany, then Bulgaria from 20 Mar 2024: Bulgaria's days count from 31 Mar.
@example(([Stay(D(2024, 1, 1), D(2024, 3, 30), "DE"), Stay(D(2024, 3, 20), None, "BG")],
          D(2024, 4, 10), D(2024, 9, 1)))
# Days on a residence permit do not count, nor do days in Cyprus.
@example(([Stay(D(2023, 1, 1), D(2023, 6, 30), "FR", "residence"),
           Stay(D(2023, 7, 1), D(2023, 9, 30), "CY"), Stay(D(2023, 10, 1), None, "FR")],
          D(2023, 10, 5), None))
def test_schengen_agrees_with_the_day_by_day_reference(request):
    assert_engine_agrees(SCHENGEN, *request)


# --- Schengen before 18 Oct 2013: 90 days within 180 from the first entry ----------------

# Histories before the fixed period's end and across it: a stay entered under it is
# searched day by day (Rules.monotone_from), one entered from 18 Oct 2013 by bisection.
SCHENGEN_2013 = requests(
    anchors=[D(2013, 10, 18), D(2013, 7, 1), D(2012, 3, 1)], countries=["FR", "DE", "FR", "CY"],
    bases=["visa-free", "visa-free", "visa", "residence"], max_len=120, spread=150,
    max_gap=100, edges=[89, 90, 91, 92, 179, 180, 181])


@settings(max_examples=150, **SETTINGS)
@given(SCHENGEN_2013)
# 70 days from 10 Jan 2013, then in again from 25 Jun: 14 more days end the period begun on
# 10 Jan (84 of 90), and a new one begins on 9 Jul while the stay goes on: 104 days in
# all, past the 90 a stay without history gets, to 6 Oct.
@example(([Stay(D(2013, 1, 10), D(2013, 3, 20), "FR"), Stay(D(2013, 6, 25), None, "FR")],
          D(2013, 7, 1), D(2013, 12, 1)))
# Entered on 1 Sep 2013 within the period begun on 1 May (46 days used): over from 15 Oct
# under the fixed period, and from 18 Oct over any 180 days too, counting the days before.
@example(([Stay(D(2013, 5, 1), D(2013, 6, 15), "DE"), Stay(D(2013, 9, 1), None, "FR")],
          D(2013, 10, 20), D(2013, 11, 1)))
def test_schengen_across_the_end_of_its_fixed_period_agrees_with_the_day_by_day_reference(
        request):
    assert_engine_agrees(SCHENGEN, *request)


# --- Russia: a calendar year from 1 Jan 2025 ----------------------------------------------

RU = regime("ru-visa-free")


@settings(max_examples=60, **SETTINGS)
@given(requests(anchors=[D(2025, 1, 1), D(2025, 12, 31)], countries=["RU", "RU", "KZ"],
                bases=["visa-free", "visa-free", "residence"], max_len=100, spread=120,
                max_gap=60, edges=[45, 89, 90, 91, 92]))
# In Russia from 1 Nov 2024: the 90 days per entry count from the entry in 2024, the
# calendar year only from 1 Jan 2025.
@example(([Stay(D(2024, 11, 1), None, "RU")], D(2025, 1, 20), D(2025, 3, 1)))
def test_russia_calendar_year_agrees_with_the_day_by_day_reference(request):
    assert_engine_agrees(RU, *request)


# A calendar year alone, then a smaller one that does not count the days before it: the
# longest fresh stay runs over New Year (the days left in the year, then N more).
CAL = made_up(
    "calendar-only", (Membership("FR"),),
    version(D(2019, 1, 1), CalendarYear(days=10)),
    version(D(2020, 3, 1), CalendarYear(days=6), counts_earlier_days=False),
)


@settings(max_examples=150, **SETTINGS)
@given(requests(anchors=[D(2019, 12, 25), D(2020, 3, 1)], countries=["FR", "FR", "CY"],
                bases=["visa-free"], max_len=14, spread=25, max_gap=10, edges=[5, 6, 7, 10, 11]))
@example(([], D(2019, 12, 23), D(2019, 12, 23)))
@example(([Stay(D(2019, 12, 1), D(2019, 12, 9), "FR")], D(2019, 12, 20), None))
def test_a_calendar_year_agrees_with_the_day_by_day_reference(request):
    assert_engine_agrees(CAL, *request)


# --- Per entry in months -------------------------------------------------------------------

GB_VISITOR = regime("gb-visitor")


@settings(max_examples=40, **SETTINGS)
@given(requests(anchors=[D(2025, 8, 31), D(2023, 8, 31), D(2024, 2, 29)], countries=["GB"],
                bases=["visa-free", "visa"], max_len=200, spread=200, max_gap=30,
                edges=[181, 182, 183, 184, 185]))
# Entered 31 Aug 2025: 6 months end on 28 Feb 2026 (1 Mar stands for 31 Feb).
@example(([Stay(D(2025, 8, 31), D(2026, 3, 1), "GB")], D(2026, 2, 1), None))
@example(([Stay(D(2025, 8, 31), None, "GB")], D(2026, 2, 28), None))
def test_six_months_per_entry_agrees_with_the_day_by_day_reference(request):
    assert_engine_agrees(GB_VISITOR, *request)


KZ_TURKEY = regime("kz-turkey")


@settings(max_examples=50, **SETTINGS)
@given(requests(anchors=[D(2023, 1, 27), D(2023, 1, 31), D(2025, 8, 28)], countries=["KZ"],
                bases=["visa-free"], max_len=40, spread=60, max_gap=30,
                edges=[28, 29, 30, 31, 32, 89, 90, 91]))
# Entered 31 Jan 2023: one month ends on 28 Feb.
@example(([Stay(D(2023, 1, 31), None, "KZ")], D(2023, 2, 20), None))
def test_turkish_month_per_entry_agrees_with_the_day_by_day_reference(request):
    assert_engine_agrees(KZ_TURKEY, *request)


GE_VISA_FREE = regime("ge-visa-free")


@settings(max_examples=15, **SETTINGS)
@given(requests(anchors=[D(2015, 6, 8)], countries=["GE"], bases=["visa-free"],
                max_len=150, spread=150, max_gap=60))
# In Georgia from 1 Mar 2015 under 90/180; from 8 Jun 2015 one year per entry from 1 Mar.
@example(([Stay(D(2015, 3, 1), None, "GE")], D(2015, 6, 10), None))
def test_georgia_one_year_per_entry_agrees_with_the_day_by_day_reference(request):
    assert_engine_agrees(GE_VISA_FREE, *request)


# --- Breaks ----------------------------------------------------------------------------------


@settings(max_examples=300, **SETTINGS)
@given(requests(anchors=[D(2021, 1, 1), D(2021, 3, 1)], countries=["KG", "KG", "UZ"],
                bases=["visa-free"], max_len=14, spread=30, max_gap=8,
                edges=[4, 5, 6, 10, 11, 12, 13]))
# A visa run after 6 days: the new entry's first day is within the 4-day break.
@example(([Stay(D(2021, 1, 1), D(2021, 1, 6), "KG"), Stay(D(2021, 1, 6), D(2021, 1, 8), "KG")],
          D(2021, 1, 7), D(2021, 1, 9)))
# A one-day stay planned before a trip on a shared day (3/13 is the last day of trip 2 and
# the first of trip 3): which trip the plan spoils is either.
@example(([Stay(D(2021, 3, 2), D(2021, 3, 8), "KG"), Stay(D(2021, 3, 9), D(2021, 3, 13), "KG"),
           Stay(D(2021, 3, 13), D(2021, 3, 13), "KG")], D(2021, 3, 1), D(2021, 3, 1)))
# Back 4 full days after a 6-day stay (exit 10 Jan, back 15 Jan) is lawful; on 14 Jan not.
@example(([Stay(D(2021, 1, 5), D(2021, 1, 10), "KG"), Stay(D(2021, 1, 15), D(2021, 1, 16), "KG")],
          D(2021, 1, 12), D(2021, 1, 13)))
def test_a_break_rule_agrees_with_the_day_by_day_reference(request):
    assert_engine_agrees(BREAK, *request)


KG_VISA_FREE = regime("kg-visa-free")


@settings(max_examples=40, **SETTINGS)
@given(requests(anchors=[D(2025, 12, 31), D(2024, 6, 1)], countries=["KG"],
                bases=["visa-free"], max_len=70, spread=90, max_gap=70,
                edges=[29, 30, 31, 59, 60, 61, 62]))
def test_kyrgyzstan_break_rule_agrees_with_the_day_by_day_reference(request):
    assert_engine_agrees(KG_VISA_FREE, *request)


# --- Counts that run across stays: accumulating, and a period fixed from the first entry -----

# 10 days in a count that starts again only after 6 days in a row outside; from 1 Mar 2021
# 8 days and 5 days outside, not counting earlier days, with 6 days per entry.
ACCUMULATING = made_up(
    "accumulating", (Membership("FR"),),
    version(D(2021, 1, 1), Accumulating(days=10, reset_after=6)),
    version(D(2021, 3, 1), Accumulating(days=8, reset_after=5), PerEntry(days=6),
            counts_earlier_days=False),
)


@settings(max_examples=300, **SETTINGS)
@given(requests(anchors=[D(2021, 1, 1), D(2021, 1, 20), D(2021, 3, 1)],
                countries=["FR", "FR", "CY"], bases=["visa-free"], max_len=12, spread=25,
                max_gap=9, edges=[4, 5, 6, 7, 8, 9, 10, 11]))
# 4 + 4 days with 5 days between (no reset), then 3 more: the count reaches 11 on the 3rd.
@example(([Stay(D(2021, 1, 1), D(2021, 1, 4), "FR"), Stay(D(2021, 1, 10), D(2021, 1, 13), "FR"),
           Stay(D(2021, 1, 19), None, "FR")], D(2021, 1, 20), D(2021, 2, 1)))
# 6 days outside reset the count: 10 more days are lawful.
@example(([Stay(D(2021, 1, 1), D(2021, 1, 10), "FR"), Stay(D(2021, 1, 17), D(2021, 1, 26), "FR")],
          D(2021, 1, 30), None))
def test_an_accumulating_count_agrees_with_the_day_by_day_reference(request):
    assert_engine_agrees(ACCUMULATING, *request)


# 5 days per entry and 8 days in 15 from the first entry; from 1 Mar 2021, for new entries
# only, 6 days within a month from the first entry.
FIXED = made_up(
    "fixed-period", (Membership("FR"),),
    version(D(2021, 1, 1), PerEntry(days=5), FixedPeriod(days=8, period=15)),
    version(D(2021, 3, 1), FixedPeriod(days=6, period_months=1), new_entries_only=True),
)


@settings(max_examples=300, **SETTINGS)
@given(requests(anchors=[D(2021, 1, 1), D(2021, 1, 31), D(2021, 3, 1)],
                countries=["FR", "FR", "CY"], bases=["visa-free"], max_len=12, spread=25,
                max_gap=9, edges=[4, 5, 6, 7, 8, 9, 14, 15, 16]))
# 5 days, 5 days away, then a stay from day 11: the period of 1-15 Jan holds 8 days on
# 13 Jan, and a new period begins on 16 Jan for a stay that goes on.
@example(([Stay(D(2021, 1, 1), D(2021, 1, 5), "FR"), Stay(D(2021, 1, 11), None, "FR")],
          D(2021, 1, 12), D(2021, 1, 25)))
# Entered on 31 Jan: the month-long period ends on 28 Feb, and the next begins on 1 Mar.
@example(([Stay(D(2021, 3, 31), None, "FR")], D(2021, 4, 2), D(2021, 5, 1)))
def test_a_period_fixed_from_the_first_entry_agrees_with_the_day_by_day_reference(request):
    assert_engine_agrees(FIXED, *request)


# Schengen before and after 18 Oct 2013 in small: 9 days within 18 from the first entry,
# then 9 days in any 18, counting the days before.
FIXED_THEN_ROLLING = made_up(
    "fixed-then-rolling", (Membership("FR"),),
    version(D(2021, 1, 1), FixedPeriod(days=9, period=18)),
    version(D(2021, 2, 1), RollingWindow(days=9, period=18)),
)


@settings(max_examples=200, **SETTINGS)
@given(requests(anchors=[D(2021, 1, 20), D(2021, 2, 1)], countries=["FR", "FR", "CY"],
                bases=["visa-free"], max_len=14, spread=20, max_gap=9,
                edges=[8, 9, 10, 17, 18, 19]))
def test_a_fixed_period_then_a_rolling_window_agrees_with_the_day_by_day_reference(request):
    assert_engine_agrees(FIXED_THEN_ROLLING, *request)


# --- Versions for new entries only, one after another ----------------------------------------

# 8 days per entry; from 10 Jan 2021, for new entries only, 6 in any 10 days not counting
# earlier days; from 20 Jan, for new entries only, 4 per entry and 8 in any 15; no rule from
# 1 Feb; from 10 Feb, for new entries only, 5 per entry. A stay begun before 10 Jan stays
# under the first version through both changes; one begun in February before the 10th has
# no rule at all (the version before the new one is the repeal).
CHAIN = made_up(
    "chain", (Membership("FR"),),
    version(D(2021, 1, 1), PerEntry(days=8)),
    version(D(2021, 1, 10), RollingWindow(days=6, period=10), new_entries_only=True,
            counts_earlier_days=False),
    version(D(2021, 1, 20), PerEntry(days=4), RollingWindow(days=8, period=15),
            new_entries_only=True),
    version(D(2021, 2, 1), repealed=True),
    version(D(2021, 2, 10), PerEntry(days=5), new_entries_only=True),
)


@settings(max_examples=200, **SETTINGS)
@given(requests(anchors=[D(2021, 1, 10), D(2021, 1, 20), D(2021, 2, 10)],
                countries=["FR", "FR", "CY"], bases=["visa-free"], max_len=12, spread=15,
                max_gap=6, edges=[3, 4, 5, 6, 7, 8, 9]))
@example(([Stay(D(2021, 1, 5), None, "FR")], D(2021, 1, 25), None))
@example(([Stay(D(2021, 1, 12), None, "FR")], D(2021, 1, 25), None))
def test_versions_for_new_entries_only_one_after_another_agree_with_the_reference(request):
    assert_engine_agrees(CHAIN, *request)


# --- Every kind of change in a few weeks -----------------------------------------------------


@settings(max_examples=800, **SETTINGS)
@given(requests(anchors=[D(2019, 12, 31), D(2020, 1, 10), D(2020, 1, 20), D(2020, 2, 10),
                         D(2020, 2, 20)],
                countries=["FR", "FR", "DE", "CY"], bases=["visa-free", "visa", "residence"],
                max_len=9, spread=20, max_gap=6, edges=[2, 3, 4, 5, 6, 7, 8]))
# DE leaves the area after 15 Feb 2020: a stay there is counted up to that day.
@example(([Stay(D(2020, 2, 12), D(2020, 2, 25), "DE")], D(2020, 2, 14), None))
def test_a_regime_with_every_kind_of_change_agrees_with_the_day_by_day_reference(request):
    assert_engine_agrees(MINI, *request)


# --- Through the JSON API ------------------------------------------------------------------


def api_request(regime_id: str, stays: list[Stay], on: date, plan_entry: date | None) -> dict:
    request = {
        "regime": regime_id,
        "on": on.isoformat(),
        "stays": [{"entry": s.entry.isoformat(),
                   "exit": s.exit.isoformat() if s.exit else None,
                   "country": s.country, "basis": s.basis} for s in stays],
    }
    if plan_entry is not None:
        request["plan"] = {"entry": plan_entry.isoformat()}
    return json.loads(handle(json.dumps(request)))


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def assert_api_agrees(regime_id: str, stays: list[Stay], on: date,
                      plan_entry: date | None) -> None:
    with at_most(10):
        got = api_request(regime_id, stays, on, plan_entry)
    note(f"api: {got!r}")
    if sum(stay.exit is None for stay in stays) > 1:  # the API takes one open trip at most
        assert got["ok"] is False and got["error"]["code"] == "several_ongoing"
        return
    expected = reference(regime(regime_id), stays, on, plan_entry)
    assume(beyond_reference(expected) is None)
    if expected.error is not None:
        code = {"no_rule": "no_rule", "plan_no_rule": "no_rule",
                "plan_overlaps_stay": "plan_overlaps_stay"}[expected.error]
        assert got["ok"] is False and got["error"]["code"] == code
        return
    assert got["ok"] is True, got
    assert got["on"]["days_used"] == expected.days_used
    assert got["on"]["limit_kind"] == expected.primary_kind
    assert got["present"] == expected.present
    if expected.present:
        assert got["current_stay"]["entry"] == iso(expected.current_entry)
    assert (got["latest_exit"] or {}).get("last") == iso(expected.latest_exit)
    assert [(v["first"], v["last"], v["days"], v["limit_kind"], v["peak"], v["limit"])
            for v in got["violations"]] == [
        (v.first.isoformat(), v.last.isoformat(), v.days, v.kind, v.peak, v.limit)
        for v in expected.violations]
    if expected.next_entry is None:
        assert got["next_entry"] is None
    else:
        n = expected.next_entry
        nxt = dict(got["next_entry"])
        assert_stop(stop_of(nxt.pop("limited_by")), n.limit, "next_entry")
        full = nxt.pop("full")
        assert nxt == {
            "first": iso(n.earliest), "days": n.max_days,
            "last": iso(n.earliest + timedelta(days=n.max_days - 1)),
            "assumes_exit": iso(n.assumes_exit)}
        assert ((full or {}).get("first"), (full or {}).get("days", 0)) == (
            iso(n.full), n.full_days)
    if expected.latest_exit_limit is not None:
        assert_stop(stop_of(got["latest_exit"]["limited_by"]), expected.latest_exit_limit,
                    "latest_exit")
    if plan_entry is not None:
        p = expected.plan
        assert {k: v for k, v in got["plan"].items() if k in ("first", "days", "last")
                } == {"first": p.entry.isoformat(), "days": p.max_days,
                      "last": iso(p.last_day)}
        assert_stop(stop_of(got["plan"]["limited_by"]), p.limit, "plan")


def stop_of(limited_by: dict | None) -> tuple[str | None, int | None]:
    """The API's `limited_by` as (reason, stay): (None, None) where nothing stops a stay."""
    return (limited_by["reason"], limited_by["stay"]) if limited_by else (None, None)


@settings(max_examples=40, **SETTINGS)
@given(SCHENGEN_REQUESTS)
def test_the_json_api_agrees_with_the_day_by_day_reference_for_schengen(request):
    assert_api_agrees("schengen", *request)


@settings(max_examples=40, **SETTINGS)
@given(KZ_REQUESTS)
def test_the_json_api_agrees_with_the_day_by_day_reference_for_kazakhstan(request):
    assert_api_agrees("kz-eaeu", *request)


# --- Edge cases the properties found: each was an engine bug, fixed since ---------------


def test_a_day_after_a_visa_run_the_latest_exit_counts_from_the_new_entry():
    # gb-visitor: 6 months per entry. In from 1 Jan 2025, out and back in on 1 Mar 2025 (a
    # new entry: the next record begins on the last day of the first). From 1 Mar the new
    # entry's 6 months run to 31 Aug (1 Sep - 1 Mar = 184 days).
    stays = [Stay(D(2025, 1, 1), D(2025, 3, 1), "GB"), Stay(D(2025, 3, 1), None, "GB")]
    got = evaluate(GB_VISITOR, stays, D(2025, 3, 2))
    assert got.current_stay.entry == D(2025, 3, 1).toordinal()
    assert got.latest_exit == D(2025, 8, 31)


def test_on_the_day_of_a_visa_run_the_latest_exit_counts_from_the_new_entry():
    # Same trips, asked on 1 Mar itself: staying on continues the entry of 1 Mar, not the
    # one that ended that day (6 months from 1 Jan would end on 30 Jun).
    stays = [Stay(D(2025, 1, 1), D(2025, 3, 1), "GB"), Stay(D(2025, 3, 1), None, "GB")]
    got = evaluate(GB_VISITOR, stays, D(2025, 3, 1))
    assert got.present
    assert got.current_stay.entry == D(2025, 3, 1).toordinal()
    assert got.latest_exit == D(2025, 8, 31)


# 5 days per entry, no rule from 10 to 31 Jan 2020, 5 days per entry again from 1 Feb.
GAP = made_up(
    "gap", (Membership("FR"),),
    version(D(2020, 1, 1), PerEntry(days=5)),
    version(D(2020, 1, 10), repealed=True),
    version(D(2020, 2, 1), PerEntry(days=5)),
)


def test_a_new_stay_across_a_reset_of_the_count_ends_before_the_next_recorded_trip():
    # CAL: 10 days in 2020 until 29 Feb, then from 1 Mar 6 days counted from 1 Mar. From
    # 20 Feb a new stay may last 20-29 Feb (10 days) and 1 Mar; a trip is recorded on 2 Mar,
    # so the longest stay is 11 days, not 16 (to 6 Mar, through the trip).
    stays = [Stay(D(2020, 3, 2), D(2020, 3, 2), "FR")]
    got = evaluate(CAL, stays, D(2020, 2, 20))
    assert (got.next_entry.earliest, got.next_entry.max_days) == (D(2020, 2, 20), 11)


def test_a_new_stay_stops_the_day_before_days_with_no_rule():
    # GAP from 8 Jan: 10 Jan has no rule, and a what-if day with no rule is refused
    # (no_rule), so the stay is 8-9 Jan; the trip recorded on 20 Jan does not matter.
    stays = [Stay(D(2020, 1, 20), D(2020, 1, 20), "FR")]
    with at_most(10):
        got = evaluate(GAP, stays, D(2020, 1, 8), plan_entry=D(2020, 1, 8))
    assert (got.next_entry.earliest, got.next_entry.max_days) == (D(2020, 1, 8), 2)
    assert (got.plan.max_days, got.plan.last_day) == (2, D(2020, 1, 9))
    assert (got.plan.limited_by, got.plan.later_stay) == ("no_rule", None)


def test_staying_on_stops_the_day_before_days_with_no_rule():
    stays = [Stay(D(2020, 1, 7), D(2020, 1, 8), "FR"), Stay(D(2020, 1, 20), D(2020, 1, 20), "FR")]
    with at_most(10):
        got = evaluate(GAP, stays, D(2020, 1, 8))
    assert got.latest_exit == D(2020, 1, 9)


@pytest.mark.parametrize(("on", "max_days"), [(D(2020, 3, 18), 30), (D(2020, 3, 19), 29)])
def test_a_stay_before_the_2020_suspension_ends_on_16_april(on, max_days):
    # kz-visa-free-30: visa-free entry was suspended from 17 Apr 2020 (no rule). From 18 Mar
    # a full 30-day stay ends on 16 Apr; from 19 Mar only 29 days fit. (Before the engine
    # refused days with no rule, this request never got an answer.)
    request = {"regime": "kz-visa-free-30", "on": on.isoformat(), "stays": []}
    with at_most(10):
        got = json.loads(handle(json.dumps(request)))
    assert got["next_entry"]["first"] == on.isoformat()
    assert got["next_entry"]["days"] == max_days


def test_the_first_full_stay_after_the_2020_suspension_is_on_1_january_2022():
    # From 19 Mar 2020 a 30-day stay no longer fits before the suspension (17 Apr 2020 to 31
    # Dec 2021, no rule), so the first full stay is from 1 Jan 2022, when the 30 days per
    # entry are back: the search for `full` must look past the suspension.
    request = {"regime": "kz-visa-free-30", "on": "2020-03-19", "stays": []}
    with at_most(10):
        got = json.loads(handle(json.dumps(request)))
    full = got["next_entry"]["full"]
    assert (full["first"], full["days"]) == ("2022-01-01", 30)


def test_a_full_stay_from_n_days_before_new_year_is_twice_n_days():
    # CAL: 10 days per calendar year. From 22 Dec 2019 a traveller with no history may stay
    # 22-31 Dec (10 days) and 1-10 Jan 2020 (10 more): 20 days, as max_days says, and so
    # full_days (not 10). On 21 Dec (11 days left) the cap is 10, on 23 Dec it is 19.
    got = evaluate(CAL, [], D(2019, 12, 22))
    assert got.next_entry.max_days == 20
    assert (got.next_entry.full, got.next_entry.full_days) == (D(2019, 12, 22), 20)


@pytest.mark.parametrize(("on", "cap"), [(D(2019, 12, 21), 10), (D(2019, 12, 23), 19)])
def test_a_full_stay_around_n_days_before_new_year(on, cap):
    got = evaluate(CAL, [], on)
    assert (got.next_entry.max_days, got.next_entry.full_days) == (cap, cap)
