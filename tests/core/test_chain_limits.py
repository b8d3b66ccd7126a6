"""The two limits that count across stays, as the law words them, on both sides of each day.

- Accumulating (Kyrgyzstan as its State Border Service counts): "days are summed and not
  reset at each crossing; a new count starts only after at least 90 consecutive days
  outside".
- A period fixed from the first entry (Mongolia for Russians: 30 days per entry, at most
  90 days within 180 days from the date of first entry; the Schengen rule before 18 Oct
  2013: 3 months within 6 months from the date of first entry).

The regimes are test-only files in tests/core/regimes/, answered through the JSON API.
Dates are worked out by hand in the comments.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import staycheck.api
from staycheck.rules import load_regime, regime_by_id
from staycheck.timeline import Rules

from .helpers import ask, ok, violation_spans

TEST_REGIMES = {path.stem: load_regime(path)
                for path in (Path(__file__).parent / "regimes").glob("*.toml")}


@pytest.fixture(autouse=True)
def test_regimes(monkeypatch):
    """The API finds the test-only regimes by id, and the real ones as before."""
    monkeypatch.setattr(staycheck.api, "regime_by_id",
                        lambda regime_id: TEST_REGIMES.get(regime_id) or regime_by_id(regime_id))


KG = "kg-accumulating-test"
MN = "mn-fixed-period-test"
SCHENGEN = "schengen-2013-test"


# --- Accumulating: 90 days, a new count after 90 consecutive days outside ---------------


def test_days_add_up_across_a_border_crossing():
    # 1 Jan - 1 Mar 2024 is 61 days; 29 days outside do not reset the count. Back on 31 Mar,
    # 29 more days are left: 31 Mar - 28 Apr. On 10 Apr the count holds 61 + 11 = 72 days.
    answer = ok(ask("KG", regime=KG, on="2024-04-10",
                    stays=[("2024-01-01", "2024-03-01"), ("2024-03-31", None)]))
    assert answer["on"]["limit_kind"] == "accumulating"
    assert answer["on"]["days_used"] == 72
    assert answer["on"]["window"] == {"first": "2024-01-01", "last": "2024-04-10"}
    assert answer["latest_exit"]["last"] == "2024-04-28"
    assert answer["latest_exit"]["limited_by"]["reason"] == "accumulating"


def test_the_90th_day_of_the_count_is_lawful_and_the_91st_is_not():
    stays = [("2024-01-01", "2024-03-01")]
    assert violation_spans(ask("KG", regime=KG, on="2024-05-01",
                               stays=[*stays, ("2024-03-31", "2024-04-28")])) == []
    assert violation_spans(ask("KG", regime=KG, on="2024-05-01",
                               stays=[*stays, ("2024-03-31", "2024-04-29")])) == [
        ("2024-04-29", "2024-04-29", "accumulating")]


def test_short_stays_with_60_days_between_overstay_where_a_90_180_window_would_not():
    # 30 days in, 60 out, four times: no 180-day window holds more than 60 days, but the
    # count is never reset, so the fourth stay (27 Sep - 26 Oct) is over from its first day.
    stays = [("2024-01-01", "2024-01-30"), ("2024-03-31", "2024-04-29"),
             ("2024-06-29", "2024-07-28"), ("2024-09-27", "2024-10-26")]
    answer = ask("KG", regime=KG, on="2024-11-01", stays=stays)
    assert violation_spans(answer) == [("2024-09-27", "2024-10-26", "accumulating")]
    assert answer["violations"][0]["peak"] == 120


def test_a_new_count_starts_only_after_90_consecutive_days_outside():
    # 1 Jan - 30 Mar 2024 is 90 days. Outside 31 Mar - 27 Jun is 89 days: entering on
    # 28 Jun continues the count (day 91); outside to 28 Jun is 90 days: 29 Jun starts a
    # new count of 90 days, to 26 Sep.
    stays = [("2024-01-01", "2024-03-30")]
    before = ok(ask("KG", regime=KG, on="2024-04-01", stays=stays, plan="2024-06-28"))
    assert (before["plan"]["days"], before["plan"]["limited_by"]["reason"]) == (0, "accumulating")
    after = ok(ask("KG", regime=KG, on="2024-04-01", stays=stays, plan="2024-06-29"))
    assert (after["plan"]["days"], after["plan"]["last"]) == (90, "2024-09-26")
    assert after["plan"]["limited_by"]["reason"] == "accumulating"
    assert before["next_entry"]["first"] == "2024-06-29"
    assert (before["next_entry"]["full"]["first"], before["next_entry"]["full"]["days"]) == (
        "2024-06-29", 90)


def test_away_the_count_shows_the_days_an_entry_would_join():
    # 89 days outside after 90 days: entering would continue the count of 90. After 90
    # days outside a new count would begin: nothing used.
    stays = [("2024-01-01", "2024-03-30")]
    assert ok(ask("KG", regime=KG, on="2024-06-28", stays=stays))["on"]["days_used"] == 90
    fresh = ok(ask("KG", regime=KG, on="2024-06-29", stays=stays))["on"]
    assert (fresh["days_used"], fresh["window"]) == (0, None)


def test_the_chart_follows_the_count_through_a_reset():
    # Chart from 1 Mar 2024: the count is 61 on 1 Mar, holds at 61 while away, and is 0
    # from 31 May (90 days outside 2 Mar - 30 May).
    answer = ok(ask("KG", regime=KG, on="2024-06-15", stays=[("2024-01-01", "2024-03-01")],
                    chart={"first": "2024-03-01", "last": "2024-06-01"}))
    counts = answer["chart"]["counts"]
    assert counts[0] == 61
    assert counts[90] == 61  # 30 May: 89 days outside so far
    assert counts[91] == 0  # 31 May
    assert set(answer["chart"]["limits"]) == {90}


def test_an_unverified_version_and_its_disputed_reading_are_in_the_answer():
    version = ok(ask("KG", regime=KG, on="2024-01-10", stays=[("2024-01-01", None)]))[
        "regime"]["version"]
    assert version["verified_on"] is None
    assert version["disputed"] == [
        "The data counts as the border service does; a rolling 90 days in 180 is the "
        "other reading."]
    other = ok(ask("MN", regime=MN, on="2024-01-10", stays=[]))["regime"]["version"]
    assert (other["verified_on"], other["disputed"]) == ("2026-12-01", [])


# --- A fixed period: 90 days within 180 days from the first entry, 30 per entry ---------


def test_the_period_from_the_first_entry_holds_90_days_to_its_last_day():
    # 30 days in January, March and May 2024: 90 days in the period 1 Jan - 28 Jun (180
    # days). An entry on 28 Jun is over; on 29 Jun a new period begins: 30 days, to 28 Jul.
    stays = [("2024-01-01", "2024-01-30"), ("2024-03-01", "2024-03-30"),
             ("2024-05-01", "2024-05-30")]
    on = ok(ask("MN", regime=MN, on="2024-06-01", stays=stays))["on"]
    assert (on["limit_kind"], on["days_used"]) == ("fixed_period", 90)
    assert on["window"] == {"first": "2024-01-01", "last": "2024-06-01"}
    before = ok(ask("MN", regime=MN, on="2024-06-01", stays=stays, plan="2024-06-28"))["plan"]
    assert (before["days"], before["limited_by"]["reason"]) == (0, "fixed_period")
    after = ok(ask("MN", regime=MN, on="2024-06-01", stays=stays, plan="2024-06-29"))["plan"]
    assert (after["days"], after["last"], after["limited_by"]["reason"]) == (
        30, "2024-07-28", "per_entry")


def test_the_next_period_begins_with_the_first_entry_after_the_last_one_ended():
    # Period 1: 1 Jan - 28 Jun 2024. The next entry, 1 Aug, begins period 2: 1 Aug 2024 -
    # 27 Jan 2025, full after August, October and December. Not every 180 days from
    # 1 Jan (a period from 26 Dec would hold only 5 days on 28 Jan).
    stays = [("2024-01-01", "2024-01-30"), ("2024-08-01", "2024-08-30"),
             ("2024-10-01", "2024-10-30"), ("2024-12-01", "2024-12-30")]
    before = ok(ask("MN", regime=MN, on="2025-01-10", stays=stays, plan="2025-01-27"))["plan"]
    assert (before["days"], before["limited_by"]["reason"]) == (0, "fixed_period")
    after = ok(ask("MN", regime=MN, on="2025-01-10", stays=stays, plan="2025-01-28"))["plan"]
    assert (after["days"], after["limited_by"]["reason"]) == (30, "per_entry")


def test_a_fourth_stay_in_the_period_is_over_from_its_first_day():
    stays = [("2024-01-01", "2024-01-30"), ("2024-03-01", "2024-03-30"),
             ("2024-05-01", "2024-05-30"), ("2024-06-27", "2024-06-29")]
    # 27 and 28 Jun are days 91 and 92 of the period; 29 Jun is day 1 of the next.
    assert violation_spans(ask("MN", regime=MN, on="2024-07-01", stays=stays)) == [
        ("2024-06-27", "2024-06-28", "fixed_period")]


def test_the_31st_day_of_one_stay_breaks_the_per_entry_limit():
    def spans(exit_day):
        return violation_spans(ask("MN", regime=MN, on="2024-03-01",
                                   stays=[("2024-01-01", exit_day)]))

    assert spans("2024-01-30") == []
    assert spans("2024-01-31") == [("2024-01-31", "2024-01-31", "per_entry")]


# --- Schengen before 18 Oct 2013: 3 months (90 days) within 6 months from the first entry --


def test_a_history_from_2013_gets_an_answer_under_the_old_rule():
    answer = ok(ask("FR", regime=SCHENGEN, on="2013-05-01", stays=[("2013-03-01", None)]))
    assert answer["regime"]["version"]["effective_from"] == "2010-04-05"
    assert answer["on"]["limit_kind"] == "fixed_period"
    # 6 months from 1 Mar 2013 end on 31 Aug; 90 days from 1 Mar end on 29 May.
    assert answer["latest_exit"]["last"] == "2013-05-29"


def test_the_old_rule_let_a_stay_run_on_into_the_next_period_until_18_october_2013():
    # One day on 1 Mar 2013 begins the period 1 Mar - 31 Aug; 4 Jun - 31 Aug is 89 days
    # more: 90 on 31 Aug. The stay goes on: 1 Sep begins a new period. From 18 Oct the
    # rolling 90/180 counts the days before it: the window of 18 Oct (21 Apr - 18 Oct)
    # holds 137 days, so the last lawful day is 17 Oct.
    stays = [("2013-03-01", "2013-03-01"), ("2013-06-04", None)]
    last_day = ok(ask("FR", regime=SCHENGEN, on="2013-08-31", stays=stays))
    assert last_day["on"]["days_used"] == 90
    next_day = ok(ask("FR", regime=SCHENGEN, on="2013-09-01", stays=stays))
    assert next_day["on"]["days_used"] == 1
    assert next_day["on"]["window"] == {"first": "2013-09-01", "last": "2013-09-01"}
    assert next_day["latest_exit"]["last"] == "2013-10-17"
    assert next_day["latest_exit"]["limited_by"]["reason"] == "rolling"


# --- The command line words the new limits and shows the disputed reading ------------------


@pytest.mark.parametrize(("locale", "expected"), [
    ("en", ["at most 90 days in total; the count starts again only after 90 days in a row "
            "outside", "Sources disagree: The data counts as the border service does",
            "limited by the accumulated total"]),
    ("ru", ["не более 90 дней в сумме; счёт начинается заново только после 90 дней подряд",
            "Источники расходятся: ", "из-за накопленной суммы дней"]),
])
def test_the_command_line_report_words_an_accumulating_limit(locale, expected):
    from staycheck import cli

    trips = [{"entry": "2024-01-01", "exit": "2024-03-01"}, {"entry": "2024-03-31"}]
    answer = ok(ask("KG", regime=KG, on="2024-04-10",
                    stays=[("2024-01-01", "2024-03-01"), ("2024-03-31", None)]))
    try:
        cli.use_language(locale)
        report = cli.report(answer, trips)
    finally:
        cli.use_language("en")
    for text in expected:
        assert text in report, report


def test_the_command_line_words_both_forms_of_a_fixed_period():
    from staycheck.cli import limit_text

    assert limit_text({"kind": "fixed_period", "days": 90, "period": 180}) == (
        "at most 90 days within 180 days from the first entry")
    assert limit_text({"kind": "fixed_period", "days": 90, "period_months": 6}) == (
        "at most 90 days within 6 months from the first entry")


def test_only_a_stay_that_a_fixed_period_can_govern_is_searched_day_by_day():
    # A fixed period can make a longer stay lawful where a shorter one is not (the stay
    # above): the search for a last day goes day by day where one can govern the stay,
    # and by bisection for a stay entered after the last version that has one.
    rules = Rules(regime_by_id("schengen"))
    assert not rules.monotone
    assert not rules.monotone_from(date(2013, 6, 4).toordinal())
    assert not rules.monotone_from(date(2013, 10, 17).toordinal())
    assert rules.monotone_from(date(2013, 10, 18).toordinal())
