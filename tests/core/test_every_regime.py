"""Checks run on every regime and every version, like `holidays`' CommonCountryTests:
both sides of every limit and of every effective date, straight from the rule data."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from staycheck.dates import add_months
from staycheck.model import (
    Accumulating,
    BreakAfterStay,
    CalendarYear,
    FixedPeriod,
    PerEntry,
    Regime,
    RollingWindow,
    Version,
)
from staycheck.rules import load_regimes

from .helpers import ask, ok

ALL_VERSIONS = [pytest.param(regime, i, id=f"{regime.id} from {v.effective_from}")
                for regime in load_regimes() for i, v in enumerate(regime.versions)
                if not v.repealed]
BREAK_VERSIONS = [p for p in ALL_VERSIONS
                  if any(isinstance(lim, BreakAfterStay)
                         for lim in p.values[0].versions[p.values[1]].limits)]
BOUNDARIES = [pytest.param(regime, i, id=f"{regime.id} on {v.effective_from}")
              for regime in load_regimes() for i, v in enumerate(regime.versions) if i]


def passport(regime: Regime) -> str:
    return sorted(regime.nationalities)[0]


def country_on(regime: Regime, day: date) -> str:
    return next(m.country for m in regime.area if m.covers(day))


def expected_cap(version: Version, entry: date) -> tuple[int, set[str]]:
    """The longest fresh stay from `entry` and the limit kinds that stop it, from the data."""
    caps: dict[str, int] = {}
    for limit in version.limits:
        if isinstance(limit, RollingWindow | Accumulating | FixedPeriod):
            # A fresh stay: nothing counted before it, so only the total binds.
            caps[limit.kind] = limit.days
        elif isinstance(limit, CalendarYear):
            left = (date(entry.year, 12, 31) - entry).days + 1
            # A stay that reaches 31 December goes on with the new year's allowance.
            caps[limit.kind] = limit.days if left > limit.days else left + limit.days
        elif isinstance(limit, PerEntry):
            caps[limit.kind] = (limit.days if limit.days is not None
                                else (add_months(entry, limit.months) - entry).days)
    cap = min(caps.values())
    return cap, {kind for kind, value in caps.items() if value == cap}


def version_end(regime: Regime, i: int) -> date:
    later = regime.versions[i + 1:]
    return later[0].effective_from - timedelta(days=1) if later else date(2099, 1, 1)


def ask_regime(regime: Regime, on: date, stays: list[tuple[date, date]], **kw):
    country = country_on(regime, stays[0][0] if stays else on)
    return ask(country, passport(regime), on.isoformat(),
               [(a.isoformat(), b.isoformat()) for a, b in stays], regime=regime.id, **kw)


@pytest.mark.parametrize(("regime", "i"), ALL_VERSIONS)
def test_a_fresh_stay_as_long_as_the_rules_allow_is_lawful_and_one_day_more_is_not(regime, i):
    version = regime.versions[i]
    entry = version.effective_from + timedelta(days=7)
    cap, kinds = expected_cap(version, entry)
    last = entry + timedelta(days=cap - 1)
    if last + timedelta(days=1) > version_end(regime, i):
        pytest.skip("the version is in force for less than one full stay")
    lawful = ok(ask_regime(regime, last + timedelta(days=1), [(entry, last)]))
    assert lawful["violations"] == []
    over = ok(ask_regime(regime, last + timedelta(days=1), [(entry, last + timedelta(days=1))]))
    day_after = (last + timedelta(days=1)).isoformat()
    assert {(v["first"], v["last"]) for v in over["violations"]} == {(day_after, day_after)}
    assert {v["limit_kind"] for v in over["violations"]} == kinds


@pytest.mark.parametrize(("regime", "i"), ALL_VERSIONS)
def test_a_fresh_entry_may_stay_exactly_as_long_as_the_rules_allow(regime, i):
    version = regime.versions[i]
    entry = version.effective_from + timedelta(days=7)
    cap, _ = expected_cap(version, entry)
    if entry + timedelta(days=cap) > version_end(regime, i):
        pytest.skip("the version is in force for less than one full stay")
    answer = ok(ask_regime(regime, entry, [], plan=entry.isoformat()))
    assert answer["plan"]["days"] == cap


@pytest.mark.parametrize(("regime", "i"), BREAK_VERSIONS)
def test_a_required_break_is_kept_on_the_last_day_of_it_and_not_before(regime, i):
    version = regime.versions[i]
    rule = next(lim for lim in version.limits if isinstance(lim, BreakAfterStay))
    entry = version.effective_from + timedelta(days=7)
    exit_day = entry + timedelta(days=rule.stay_days - 1)
    too_soon = exit_day + timedelta(days=rule.break_days)
    in_time = too_soon + timedelta(days=1)
    for back, broken in ((too_soon, True), (in_time, False)):
        answer = ok(ask_regime(regime, back, [(entry, exit_day), (back, back)]))
        kinds = {v["limit_kind"] for v in answer["violations"]}
        assert ("break" in kinds) is broken, back


@pytest.mark.parametrize(("regime", "i"), BOUNDARIES)
def test_the_new_version_applies_from_its_effective_date_and_not_the_day_before(regime, i):
    version, before = regime.versions[i], regime.versions[i - 1]
    day = version.effective_from
    on_the_day = ask_regime(regime, day, [])
    day_before = ask_regime(regime, day - timedelta(days=1), [])
    if version.repealed:
        assert on_the_day["error"]["code"] == "no_rule"
    else:
        assert ok(on_the_day)["regime"]["version"]["effective_from"] == day.isoformat()
    if before.repealed:
        assert day_before["error"]["code"] == "no_rule"
    else:
        assert ok(day_before)["regime"]["version"]["effective_from"] == (
            before.effective_from.isoformat())


@pytest.mark.parametrize("regime", load_regimes(), ids=lambda r: r.id)
def test_before_the_first_version_the_answer_is_no_rule_known_never_zero_days(regime):
    first = regime.versions[0].effective_from
    answer = ask_regime(regime, first - timedelta(days=1), [])
    assert answer["ok"] is False
    assert answer["error"]["code"] == "no_rule"
    assert answer["error"]["params"]["covered_from"] == first.isoformat()
