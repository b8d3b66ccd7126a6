"""Scenarios from the law and the counting conventions, each named as a sentence.

Dates are worked out by hand in the comments; the property tests compare the engine with
a brute-force reference on random histories, these pin down what the law says.
"""

from __future__ import annotations

import pytest

from .helpers import ask, ok, violation_spans

# --- Kazakhstan, EAEU citizens: the visa run before and after 27 Jan 2023 ---------------


def test_back_to_back_90_day_stays_with_a_visa_run_were_lawful_in_2022():
    # 1 Jan - 31 Mar 2022 is 90 days; leaving and re-entering on 1 Apr started a new 90.
    answer = ask("KZ", "RU", "2022-07-01",
                 [("2022-01-01", "2022-03-31"), ("2022-04-01", "2022-06-29")])
    assert violation_spans(answer) == []


def test_the_same_back_to_back_stays_are_an_overstay_from_27_january_2023():
    # 1 Feb - 1 May 2023 is 90 days; on 2 May the window already holds 90 days, so every
    # day of the second stay is over the limit.
    answer = ask("KZ", "RU", "2023-09-01",
                 [("2023-02-01", "2023-05-01"), ("2023-05-02", "2023-07-30")])
    assert violation_spans(answer) == [("2023-05-02", "2023-07-30", "rolling")]
    assert answer["violations"][0]["peak"] == 180


def test_the_91st_day_of_a_single_stay_breaks_the_per_entry_rule_in_2022():
    assert violation_spans(ask("KZ", "BY", "2022-05-01", [("2022-01-01", "2022-03-31")])) == []
    assert violation_spans(ask("KZ", "BY", "2022-05-01", [("2022-01-01", "2022-04-01")])) == [
        ("2022-04-01", "2022-04-01", "per_entry")]


def test_a_stay_begun_before_27_january_2023_stays_under_the_per_entry_rule_until_exit():
    # Entered 1 Dec 2022: day 90 is 28 Feb 2023. Under the old rule the last day is then,
    # not whatever the 90/180 window would say.
    answer = ok(ask("KZ", "AM", "2023-02-15", [("2022-12-01", None)]))
    assert answer["latest_exit"]["last"] == "2023-02-28"
    assert answer["on"]["limit_kind"] == "per_entry"
    assert answer["regime"]["version"]["effective_from"] == "2016-04-07"


def test_days_before_27_january_2023_do_not_count_toward_the_new_window():
    # 90 days ending 26 Jan 2023, then a new entry on 27 Jan: the window starts afresh.
    answer = ok(ask("KZ", "KG", "2023-01-27",
                    [("2022-10-29", "2023-01-26"), ("2023-01-27", None)]))
    assert answer["on"]["days_used"] == 1
    assert answer["on"]["window"] == {"first": "2023-01-27", "last": "2023-01-27"}
    assert answer["latest_exit"]["last"] == "2023-04-26"


def test_an_old_rule_stay_s_days_after_27_january_2023_count_for_the_next_entry():
    # 30 Dec 2022 - 29 Mar 2023 (90 days, lawful under the old rule); 62 of its days fall on
    # or after 27 Jan. A new entry on 15 Apr may then last until 12 May (28 days: 62 + 28).
    answer = ok(ask("KZ", "RU", "2023-04-15", [("2022-12-30", "2023-03-29")],
                    plan="2023-04-15"))
    assert answer["violations"] == []
    assert answer["plan"]["days"] == 28
    assert answer["plan"]["last"] == "2023-05-12"


def test_kazakhstan_has_no_rule_for_eaeu_citizens_before_2015():
    answer = ask("KZ", "RU", "2014-12-31", [])
    assert answer["error"]["code"] == "no_rule"


# --- Schengen: the rolling window ------------------------------------------------------


def test_90_days_in_180_is_lawful_and_the_91st_day_is_refused():
    # 1 Jan - 30 Mar 2024 is 90 days (2024 is a leap year).
    assert violation_spans(ask("FR", "US", "2024-06-01", [("2024-01-01", "2024-03-30")])) == []
    assert violation_spans(ask("FR", "US", "2024-06-01", [("2024-01-01", "2024-03-31")])) == [
        ("2024-03-31", "2024-03-31", "rolling")]


def test_the_window_for_1_march_2014_is_3_september_2013_to_1_march_2014():
    # The Swiss migration office's worked example 6.
    answer = ok(ask("CH", "US", "2014-03-01", []))
    assert answer["on"]["window"] == {"first": "2013-09-03", "last": "2014-03-01"}


def test_entry_and_exit_on_the_same_day_is_one_day():
    assert ok(ask("DE", "JP", "2024-05-10", [("2024-05-10", "2024-05-10")]))["on"][
        "days_used"] == 1


def test_an_exit_and_a_re_entry_on_the_same_day_count_that_day_once():
    answer = ok(ask("DE", "JP", "2024-05-20",
                    [("2024-05-01", "2024-05-10"), ("2024-05-10", "2024-05-20")]))
    assert answer["on"]["days_used"] == 20
    assert answer["warnings"] == []


def test_overlapping_records_are_counted_once_and_reported():
    answer = ok(ask("DE", "JP", "2024-05-20",
                    [("2024-05-01", "2024-05-12"), ("2024-05-08", "2024-05-20")]))
    assert answer["on"]["days_used"] == 20
    assert [w["code"] for w in answer["warnings"]] == ["overlap"]
    assert answer["warnings"][0]["params"]["stays"] == [0, 1]


def test_coming_back_on_day_181_gives_90_days_not_90_minus_days_used():
    # 1 Jan - 30 Mar 2024 is 90 days. Entering on 29 Jun the window [2 Jan, 29 Jun] still
    # holds 89 of them, so "90 minus used" would say 1 day. But one old day drops out for
    # each new day, and the first new day over 90 is 27 Sep (window [31 Mar, 27 Sep]).
    answer = ok(ask("FR", "CA", "2024-06-29", [("2024-01-01", "2024-03-30")],
                    plan="2024-06-29"))
    assert answer["on"]["days_used"] == 89
    assert answer["plan"]["days"] == 90
    assert answer["plan"]["last"] == "2024-09-26"
    assert answer["plan"]["limited_by"]["reason"] == "rolling"


def test_after_a_full_stay_the_earliest_re_entry_is_the_day_the_first_day_rolls_off():
    answer = ok(ask("FR", "CA", "2024-04-01", [("2024-01-01", "2024-03-30")]))
    assert answer["next_entry"]["first"] == "2024-06-29"
    assert answer["next_entry"]["days"] == 90
    assert answer["next_entry"]["full"]["first"] == "2024-06-29"


def test_an_absence_of_90_days_always_restores_a_full_90_day_stay():
    # Scattered short stays ending 31 May; from 30 Aug (90 days away) a full stay is lawful.
    stays = [("2024-03-01", "2024-03-20"), ("2024-04-10", "2024-04-30"),
             ("2024-05-15", "2024-05-31")]
    answer = ok(ask("IT", "BR", "2024-08-30", stays, plan="2024-08-30"))
    assert answer["plan"]["days"] == 90


def test_days_in_croatia_count_only_from_1_january_2023():
    answer = ok(ask("HR", "US", "2023-01-10", [("2022-12-20", "2023-01-10")]))
    assert answer["on"]["days_used"] == 10


def test_days_in_bulgaria_count_only_from_31_march_2024():
    answer = ok(ask("BG", "US", "2024-04-02", [("2024-03-25", "2024-04-02")]))
    assert answer["on"]["days_used"] == 3


def test_days_in_cyprus_and_ireland_do_not_count_for_schengen():
    answer = ok(ask("FR", "US", "2024-06-01", [
        {"entry": "2024-03-01", "exit": "2024-05-31", "country": "CY"},
        {"entry": "2024-02-01", "exit": "2024-02-10", "country": "IE"}]))
    assert answer["on"]["days_used"] == 0


def test_days_on_a_residence_permit_do_not_count_and_days_on_a_visa_do():
    answer = ok(ask("ES", "IN", "2024-06-01", [
        {"entry": "2024-01-01", "exit": "2024-03-31", "basis": "residence"},
        {"entry": "2024-05-01", "exit": "2024-05-10", "basis": "visa"}]))
    assert answer["on"]["days_used"] == 10


def test_a_plan_that_would_make_a_recorded_later_trip_unlawful_is_cut_short():
    # A trip is booked 15 Sep - 30 Oct 2024 (46 days). Entering on 1 Jun, the stay must end
    # by 14 Jul: on 30 Oct the window [4 May, 30 Oct] then holds 44 + 46 = 90 days.
    answer = ok(ask("FR", "US", "2024-06-01",
                    [("2024-01-01", "2024-02-29"), ("2024-09-15", "2024-10-30")],
                    plan="2024-06-01"))
    assert answer["plan"] == {"first": "2024-06-01", "days": 44, "last": "2024-07-14",
                              "limited_by": {"reason": "later_stay", "stay": 1}}


def test_a_recorded_later_trip_cuts_short_the_stay_under_way_and_is_named():
    # In Kazakhstan since 1 Oct 2026 with a trip booked 1-20 Feb 2027 (20 days). Alone,
    # the stay could run to 29 Dec (90 days); with the booked trip it must end by 9 Dec:
    # on 20 Feb the window [25 Aug, 20 Feb] then holds 70 + 20 = 90 days.
    stays = [("2026-10-01", None), ("2027-02-01", "2027-02-20")]
    answer = ok(ask("KZ", "RU", "2026-11-28", stays))
    assert answer["latest_exit"]["last"] == "2026-12-09"
    assert answer["latest_exit"]["limited_by"] == {"reason": "later_stay", "stay": 1}
    alone = ok(ask("KZ", "RU", "2026-11-28", stays[:1]))
    assert alone["latest_exit"]["last"] == "2026-12-29"
    assert alone["latest_exit"]["limited_by"] == {"reason": "rolling", "stay": None}


def test_the_next_entry_says_what_cuts_its_stay_short():
    # Out of the Schengen area with 60 days used in Jan-Feb 2024 and a trip booked 1-20 Jul:
    # entering on 1 Jun, the stay ends on 30 Jun, the day before the booked trip.
    answer = ok(ask("FR", "US", "2024-06-01",
                    [("2024-01-01", "2024-02-29"), ("2024-07-01", "2024-07-20")]))
    nxt = answer["next_entry"]
    assert (nxt["first"], nxt["days"]) == ("2024-06-01", 30)
    assert nxt["limited_by"] == {"reason": "next_trip", "stay": 1}


def test_a_plan_ends_before_the_next_recorded_trip_begins():
    answer = ok(ask("FR", "US", "2024-06-01",
                    [("2024-01-01", "2024-02-29"), ("2024-07-01", "2024-07-20")],
                    plan="2024-06-01"))
    assert answer["plan"]["last"] == "2024-06-30"
    assert answer["plan"]["limited_by"] == {"reason": "next_trip", "stay": 1}


def test_a_traveller_already_over_the_limit_is_told_the_day_they_should_have_left():
    answer = ok(ask("NL", "AU", "2024-04-05", [("2024-01-01", None)]))
    assert answer["present"] is True
    assert answer["on"]["overstay"]["days"] == 6
    assert answer["latest_exit"]["last"] == "2024-03-30"


@pytest.mark.parametrize(("destination", "nationality", "regime"), [
    pytest.param("KZ", "RU", "kz-eaeu", id="a Russian passport in Kazakhstan: the EAEU rule"),
    pytest.param("PT", "US", "schengen", id="any Schengen member selects the Schengen area"),
])
def test_the_regime_follows_from_destination_and_passport(destination, nationality, regime):
    assert ok(ask(destination, nationality, "2024-01-01", []))["regime"]["id"] == regime


def test_no_known_rule_for_a_passport_names_the_destination_s_regimes():
    answer = ask("KZ", "AF", "2024-01-01", [])
    assert answer["error"]["code"] == "no_regime"
    assert "kz-eaeu" in answer["error"]["params"]["regimes"]


def test_a_german_in_france_is_told_the_schengen_rule_exempts_them_not_that_it_is_home():
    answer = ask("FR", "DE", "2024-01-01", [])
    assert answer["error"]["code"] == "exempt"
    assert answer["error"]["params"]["regimes"] == ["schengen"]
    assert ask("DE", "DE", "2024-01-01", [])["error"]["code"] == "own_country"


# --- Russia: 90 days in 180 until 2024, 90 days per calendar year from 2025 --------------


def test_a_short_trip_in_july_2025_is_over_the_calendar_year_total_though_not_over_90_in_180():
    # 1 Jan - 31 Mar 2025 is 90 days. On 1 Jul the 180-day window [3 Jan, 1 Jul] would hold
    # 89, but the year already holds 90: the new rule refuses the 91st day of 2025.
    stays = [("2025-01-01", "2025-03-31"), ("2025-07-01", "2025-07-01")]
    assert violation_spans(ask("RU", "UZ", "2025-08-01", stays)) == [
        ("2025-07-01", "2025-07-01", "calendar_year")]


def test_the_same_trips_a_year_earlier_were_lawful_under_90_days_in_180():
    stays = [("2024-01-03", "2024-04-01"), ("2024-07-01", "2024-07-01")]
    assert violation_spans(ask("RU", "UZ", "2024-08-01", stays)) == []


def test_a_stay_across_new_year_2026_may_last_90_days_and_not_91():
    # 1 Dec 2025 - 28 Feb 2026 is 90 days: 31 in 2025, 59 in 2026; the continuous-stay cap
    # of 90 days, not the yearly total, stops the 91st.
    assert violation_spans(ask("RU", "TJ", "2026-03-10", [("2025-12-01", "2026-02-28")])) == []
    assert violation_spans(ask("RU", "TJ", "2026-03-10", [("2025-12-01", "2026-03-01")])) == [
        ("2026-03-01", "2026-03-01", "per_entry")]


# --- Months per visit: the United Kingdom and Georgia --------------------------------------


def test_a_uk_visit_from_31_august_may_last_until_the_end_of_february():
    # Six months from 31 Aug 2025 would be 31 Feb 2026, which does not exist: the period
    # ends with February.
    answer = ok(ask("GB", "US", "2025-08-31", [], plan="2025-08-31"))
    assert answer["plan"]["last"] == "2026-02-28"
    assert violation_spans(ask("GB", "US", "2026-03-02", [("2025-08-31", "2026-03-01")])) == [
        ("2026-03-01", "2026-03-01", "per_entry")]


def test_a_uk_visit_from_1_january_ends_on_30_june():
    assert ok(ask("GB", "JP", "2026-01-01", [], plan="2026-01-01"))["plan"]["last"] == (
        "2026-06-30")


def test_a_year_in_georgia_from_29_february_ends_on_28_february():
    answer = ok(ask("GE", "RU", "2024-02-29", [], plan="2024-02-29"))
    assert answer["plan"]["last"] == "2025-02-28"
    assert answer["plan"]["days"] == 366


# --- Kyrgyzstan: a break after a long stay ------------------------------------------------


def test_after_60_days_in_kyrgyzstan_coming_back_before_60_days_away_is_an_overstay():
    # In 1 Nov - 30 Dec 2023 (60 days); the break runs 31 Dec - 28 Feb 2024 (60 days).
    # Coming back on 28 Feb, after 59 days away, the count of 60 goes on: every day of the
    # new stay is over it (the days add up until 60 days outside reset them).
    stays = [("2023-11-01", "2023-12-30")]
    assert violation_spans(ask("KG", "AT", "2024-03-05", [*stays, ("2024-02-28", "2024-03-05")])
                           ) == [("2024-02-28", "2024-03-05", "accumulating")]
    assert violation_spans(ask("KG", "AT", "2024-03-05", [*stays, ("2024-02-29", "2024-03-05")])
                           ) == []


def test_the_chart_shows_each_day_s_count_rolling_off_after_180_days():
    # 1 Jan - 30 Mar 2024 (90 days): the count is 90 on 30 Mar and still on 28 Jun, the
    # last day whose window [1 Jan, 28 Jun] holds 1 Jan; then one day drops out a day.
    answer = ok(ask("FR", "US", "2024-06-01", [("2024-01-01", "2024-03-30")],
                    chart={"first": "2024-03-29", "last": "2024-07-01"}))
    chart = answer["chart"]
    counts = dict(zip(["03-29", "03-30", "03-31"], chart["counts"][:3], strict=True))
    assert counts == {"03-29": 89, "03-30": 90, "03-31": 90}
    assert chart["counts"][-4:] == [90, 89, 88, 87]  # 28 Jun, 29 Jun, 30 Jun, 1 Jul
    assert chart["present"][:3] == [1, 1, 0]
    assert set(chart["limits"]) == {90}
    assert chart["first"] == "2024-03-29"
