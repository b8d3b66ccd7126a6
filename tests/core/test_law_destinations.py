"""The destinations Russian and Kazakh travellers use most, each named as a sentence.

Both sides of every limit (day N lawful, day N+1 not) and of every effective date (the day
before a version and its first day). Dates are worked out by hand in the comments.
"""

from __future__ import annotations

import pytest

from .helpers import ask, ok, violation_spans


def version_on(destination: str, nationality: str, day: str) -> str | None:
    """The effective date of the version in force on `day`, or None when no rule is known."""
    answer = ask(destination, nationality, day, [])
    if not answer["ok"]:
        assert answer["error"]["code"] == "no_rule", answer["error"]
        return None
    return answer["regime"]["version"]["effective_from"]


def spans(destination: str, nationality: str, on: str, stays: list) -> list[tuple[str, str, str]]:
    """Every run of days over a limit, as (first, last, limit kind)."""
    return violation_spans(ask(destination, nationality, on, stays))


def longest_stay(destination: str, nationality: str, entry: str) -> int:
    """The longest stay from `entry` with nothing recorded before it."""
    return ok(ask(destination, nationality, entry, [], plan=entry))["plan"]["days"]


@pytest.mark.parametrize(("destination", "nationality", "day_before", "first_day"), [
    pytest.param("AE", "RU", "2019-02-16", "2019-02-17", id="UAE, Russians: 17 Feb 2019"),
    pytest.param("AE", "KZ", "2018-03-09", "2018-03-10", id="UAE, Kazakhs: 10 Mar 2018"),
    pytest.param("TH", "RU", "2007-03-23", "2007-03-24", id="Thailand, Russians: 24 Mar 2007"),
    pytest.param("TH", "KZ", "2023-09-24", "2023-09-25", id="Thailand, Kazakhs: 25 Sep 2023"),
    pytest.param("CN", "KZ", "2023-11-09", "2023-11-10", id="China, Kazakhs: 10 Nov 2023"),
    pytest.param("CN", "RU", "2025-09-14", "2025-09-15", id="China, Russians: 15 Sep 2025"),
    pytest.param("UZ", "KZ", "2023-01-26", "2023-01-27", id="Uzbekistan, Kazakhs: 27 Jan 2023"),
    pytest.param("MN", "RU", "2014-11-13", "2014-11-14", id="Mongolia, Russians: 14 Nov 2014"),
    pytest.param("VN", "RU", "2022-03-14", "2022-03-15", id="Vietnam, Russians: 15 Mar 2022"),
    pytest.param("ME", "RU", "2021-12-31", "2022-01-01", id="Montenegro, Russians: 1 Jan 2022"),
    pytest.param("AM", "RU", "2000-09-24", "2000-09-25", id="Armenia, Russians: 25 Sep 2000"),
    pytest.param("AM", "KZ", "2025-11-21", "2025-11-22", id="Armenia, Kazakhs: 22 Nov 2025"),
])
def test_each_new_destination_has_a_rule_from_its_first_day_and_none_the_day_before(
        destination, nationality, day_before, first_day):
    assert version_on(destination, nationality, day_before) is None
    assert version_on(destination, nationality, first_day) == first_day


@pytest.mark.parametrize(("destination", "nationality", "regime"), [
    pytest.param("AE", "RU", "ae-russia", id="a Russian in the UAE"),
    pytest.param("AE", "KZ", "ae-kazakhstan", id="a Kazakh in the UAE"),
    pytest.param("TH", "RU", "th-russia", id="a Russian in Thailand"),
    pytest.param("TH", "KZ", "th-kazakhstan", id="a Kazakh in Thailand"),
    pytest.param("CN", "RU", "cn-russia", id="a Russian in China"),
    pytest.param("CN", "KZ", "cn-kazakhstan", id="a Kazakh in China"),
    pytest.param("UZ", "KZ", "uz-kazakhstan", id="a Kazakh in Uzbekistan"),
    pytest.param("MN", "RU", "mn-russia", id="a Russian in Mongolia"),
    pytest.param("VN", "RU", "vn-russia", id="a Russian in Vietnam"),
    pytest.param("ME", "RU", "me-russia", id="a Russian in Montenegro"),
    pytest.param("AM", "RU", "am-russia", id="a Russian in Armenia"),
    pytest.param("AM", "KZ", "am-kazakhstan", id="a Kazakh in Armenia"),
    pytest.param("AM", "DE", "am-visa-free", id="a German in Armenia keeps the general rule"),
])
def test_the_passport_picks_the_destination_s_regime(destination, nationality, regime):
    assert ok(ask(destination, nationality, "2026-01-10", []))["regime"]["id"] == regime


# --- United Arab Emirates ----------------------------------------------------------------


def test_a_russian_may_spend_90_days_in_the_emirates_and_not_91():
    # 1 Mar - 29 May 2024 is 90 days (31 + 30 + 29).
    assert spans("AE", "RU", "2024-06-10", [("2024-03-01", "2024-05-29")]) == []
    assert spans("AE", "RU", "2024-06-10", [("2024-03-01", "2024-05-30")]) == [
        ("2024-05-30", "2024-05-30", "rolling")]


def test_a_russian_s_days_in_the_emirates_add_up_across_stays_within_180_days():
    # 1 Jan - 29 Feb 2024 is 60 days; 30 more in April make 90. On 1 May the window
    # [4 Nov 2023, 1 May 2024] holds 91.
    first = ("2024-01-01", "2024-02-29")
    assert spans("AE", "RU", "2024-05-10", [first, ("2024-04-01", "2024-04-30")]) == []
    assert spans("AE", "RU", "2024-05-10", [first, ("2024-04-01", "2024-05-01")]) == [
        ("2024-05-01", "2024-05-01", "rolling")]


def test_a_kazakh_may_stay_30_days_per_entry_in_the_emirates_and_not_31():
    assert spans("AE", "KZ", "2024-04-10", [("2024-03-01", "2024-03-30")]) == []
    assert spans("AE", "KZ", "2024-04-10", [("2024-03-01", "2024-03-31")]) == [
        ("2024-03-31", "2024-03-31", "per_entry")]


def test_a_kazakh_s_back_to_back_30_day_stays_in_the_emirates_are_each_judged_alone():
    # The sources set no total over several stays.
    stays = [("2024-03-01", "2024-03-30"), ("2024-04-01", "2024-04-30"),
             ("2024-05-02", "2024-05-31")]
    assert spans("AE", "KZ", "2024-06-10", stays) == []


# --- Thailand --------------------------------------------------------------------------------


def test_a_russian_could_stay_30_days_in_thailand_in_2019_and_not_31():
    # 1 Feb - 2 Mar 2019 is 30 days (28 + 2).
    assert spans("TH", "RU", "2019-04-01", [("2019-02-01", "2019-03-02")]) == []
    assert spans("TH", "RU", "2019-04-01", [("2019-02-01", "2019-03-03")]) == [
        ("2019-03-03", "2019-03-03", "per_entry")]


def test_a_russian_entering_thailand_on_1_november_2023_got_90_days_and_the_day_before_30():
    assert longest_stay("TH", "RU", "2023-10-31") == 30
    assert longest_stay("TH", "RU", "2023-11-01") == 90


def test_the_90_days_of_winter_2023_end_on_the_90th_day_not_the_91st():
    # 1 Nov 2023 - 29 Jan 2024 is 90 days (30 + 31 + 29).
    assert spans("TH", "RU", "2024-02-10", [("2023-11-01", "2024-01-29")]) == []
    assert spans("TH", "RU", "2024-02-10", [("2023-11-01", "2024-01-30")]) == [
        ("2024-01-30", "2024-01-30", "per_entry")]


def test_a_russian_entering_thailand_on_30_april_2024_kept_90_days_and_from_1_may_got_60():
    assert longest_stay("TH", "RU", "2024-04-30") == 90
    assert longest_stay("TH", "RU", "2024-05-01") == 60


def test_the_interior_ministry_s_60_day_list_governs_russians_from_15_july_2024():
    assert version_on("TH", "RU", "2024-07-14") == "2024-05-01"
    assert version_on("TH", "RU", "2024-07-15") == "2024-07-15"
    assert longest_stay("TH", "RU", "2024-07-15") == 60


def test_a_russian_may_stay_60_days_in_thailand_in_2025_and_not_61():
    # 1 Aug - 29 Sep 2025 is 60 days (31 + 29).
    assert spans("TH", "RU", "2025-10-10", [("2025-08-01", "2025-09-29")]) == []
    assert spans("TH", "RU", "2025-10-10", [("2025-08-01", "2025-09-30")]) == [
        ("2025-09-30", "2025-09-30", "per_entry")]


def test_the_announced_cut_to_30_days_is_not_applied_without_a_published_date():
    assert longest_stay("TH", "RU", "2026-11-20") == 60
    assert longest_stay("TH", "KZ", "2026-11-20") == 60


def test_a_kazakh_could_stay_30_days_in_thailand_under_the_2023_trial_and_not_31():
    assert spans("TH", "KZ", "2023-11-10", [("2023-10-01", "2023-10-30")]) == []
    assert spans("TH", "KZ", "2023-11-10", [("2023-10-01", "2023-10-31")]) == [
        ("2023-10-31", "2023-10-31", "per_entry")]


def test_a_kazakh_entering_thailand_on_15_july_2024_got_60_days_and_the_day_before_30():
    assert longest_stay("TH", "KZ", "2024-07-14") == 30
    assert longest_stay("TH", "KZ", "2024-07-15") == 60


def test_a_kazakh_may_stay_60_days_in_thailand_in_2025_and_not_61():
    # 1 Aug - 29 Sep 2025 is 60 days (31 + 29).
    assert spans("TH", "KZ", "2025-10-10", [("2025-08-01", "2025-09-29")]) == []
    assert spans("TH", "KZ", "2025-10-10", [("2025-08-01", "2025-09-30")]) == [
        ("2025-09-30", "2025-09-30", "per_entry")]


def test_the_kazakh_thai_agreement_s_stricter_limits_are_shown_as_disputed():
    version = ok(ask("TH", "KZ", "2025-01-10", []))["regime"]["version"]
    assert any("23 Apr 2024" in text for text in version["disputed"])


# --- China -------------------------------------------------------------------------------------


def test_a_kazakh_may_stay_30_days_per_entry_in_china_and_not_31():
    assert spans("CN", "KZ", "2024-01-10", [("2023-12-01", "2023-12-30")]) == []
    assert spans("CN", "KZ", "2024-01-10", [("2023-12-01", "2023-12-31")]) == [
        ("2023-12-31", "2023-12-31", "per_entry")]


def test_three_30_day_stays_in_china_fill_a_kazakh_s_90_days_and_a_fourth_day_is_refused():
    # 1-30 Jan, 1 Feb - 1 Mar, 3 Mar - 1 Apr 2024: 30 days each. On 3 Apr the window
    # [6 Oct 2023, 3 Apr 2024] holds all 90 and the new day.
    stays = [("2024-01-01", "2024-01-30"), ("2024-02-01", "2024-03-01"),
             ("2024-03-03", "2024-04-01")]
    assert spans("CN", "KZ", "2024-04-10", stays) == []
    assert spans("CN", "KZ", "2024-04-10", [*stays, ("2024-04-03", "2024-04-03")]) == [
        ("2024-04-03", "2024-04-03", "rolling")]


def test_a_russian_may_stay_30_days_in_china_during_the_trial_and_not_31():
    assert spans("CN", "RU", "2025-11-10", [("2025-10-01", "2025-10-30")]) == []
    assert spans("CN", "RU", "2025-11-10", [("2025-10-01", "2025-10-31")]) == [
        ("2025-10-31", "2025-10-31", "per_entry")]


def test_after_the_trial_s_last_day_no_rule_is_known_for_russians_in_china():
    # The trial ran to 14 Sep 2026; what followed is unconfirmed, so nothing is assumed.
    assert version_on("CN", "RU", "2026-09-14") == "2025-09-15"
    assert version_on("CN", "RU", "2026-09-15") is None


def test_a_trip_to_china_planned_across_the_trial_s_end_stops_on_its_last_day():
    plan = ok(ask("CN", "RU", "2026-09-01", [], plan="2026-09-01"))["plan"]
    assert (plan["days"], plan["last"]) == (14, "2026-09-14")
    assert plan["limited_by"]["reason"] == "no_rule"


# --- Uzbekistan --------------------------------------------------------------------------------


def test_a_kazakh_may_stay_30_days_in_uzbekistan_without_a_permit_and_not_31():
    assert spans("UZ", "KZ", "2024-04-10", [("2024-03-01", "2024-03-30")]) == []
    assert spans("UZ", "KZ", "2024-04-10", [("2024-03-01", "2024-03-31")]) == [
        ("2024-03-31", "2024-03-31", "per_entry")]


def test_a_kazakh_s_days_in_uzbekistan_add_up_to_90_in_180():
    stays = [("2024-01-01", "2024-01-30"), ("2024-02-01", "2024-03-01"),
             ("2024-03-03", "2024-04-01")]
    assert spans("UZ", "KZ", "2024-04-10", stays) == []
    assert spans("UZ", "KZ", "2024-04-10", [*stays, ("2024-04-03", "2024-04-03")]) == [
        ("2024-04-03", "2024-04-03", "rolling")]


def test_a_russian_in_uzbekistan_is_told_no_rule_is_known_for_their_passport():
    # The 2022 agreement sets only the 15 days before registration, not a period of stay.
    answer = ask("UZ", "RU", "2025-01-10", [])
    assert answer["error"]["code"] == "no_regime"
    assert answer["error"]["params"]["regimes"] == ["uz-kazakhstan"]


# --- Mongolia: 90 days within 180 from the date of first entry ---------------------------------


def test_a_russian_may_stay_30_days_per_entry_in_mongolia_and_not_31():
    assert spans("MN", "RU", "2024-02-10", [("2024-01-01", "2024-01-30")]) == []
    assert spans("MN", "RU", "2024-02-10", [("2024-01-01", "2024-01-31")]) == [
        ("2024-01-31", "2024-01-31", "per_entry")]


def test_the_91st_day_within_180_days_of_the_first_entry_to_mongolia_is_refused():
    # First entry 1 Jan 2024: the period runs to 28 Jun 2024. Three 30-day stays fill it.
    # (A rolling window on 29 Jun would still hold 89 of those days and refuse 2 more.)
    stays = [("2024-01-01", "2024-01-30"), ("2024-03-01", "2024-03-30"),
             ("2024-05-01", "2024-05-30")]
    assert spans("MN", "RU", "2024-07-01", stays) == []
    assert spans("MN", "RU", "2024-07-01", [*stays, ("2024-06-28", "2024-06-28")]) == [
        ("2024-06-28", "2024-06-28", "fixed_period")]
    # The day after the period ends, an entry opens a new one.
    assert spans("MN", "RU", "2024-07-01", [*stays, ("2024-06-29", "2024-06-29")]) == []


def test_a_new_mongolian_period_starts_at_the_first_entry_after_the_old_one_ends():
    # Period from 1 Jan 2024 to 28 Jun: 1 + 30 + 30 + 26 = 87 days. A new entry on 30 Jun
    # opens a new period, so 30 more days are lawful, though any rolling 180-day window
    # ending 29 Jul would hold 116.
    stays = [("2024-01-01", "2024-01-01"), ("2024-04-01", "2024-04-30"),
             ("2024-05-02", "2024-05-31"), ("2024-06-02", "2024-06-27"),
             ("2024-06-30", "2024-07-29")]
    assert spans("MN", "RU", "2024-08-10", stays) == []


def test_the_mongolian_period_runs_from_the_entry_not_from_the_day_the_last_one_ended():
    # First entry 1 Jan 2024 (period to 28 Jun). The next entry, 1 Aug, opens a period to
    # 27 Jan 2025, filled by three 30-day stays. Entering on 27 Jan is the 91st day of it;
    # on 28 Jan a new period begins. (Had the period restarted on 29 Jun, 27 Jan would
    # already be in a new one.)
    stays = [("2024-01-01", "2024-01-01"), ("2024-08-01", "2024-08-30"),
             ("2024-10-01", "2024-10-30"), ("2024-12-01", "2024-12-30")]
    assert spans("MN", "RU", "2025-02-10", [*stays, ("2025-01-27", "2025-01-27")]) == [
        ("2025-01-27", "2025-01-27", "fixed_period")]
    assert spans("MN", "RU", "2025-02-10", [*stays, ("2025-01-28", "2025-01-28")]) == []


# --- Vietnam -----------------------------------------------------------------------------------


def test_a_russian_could_stay_15_days_in_vietnam_in_2022_and_not_16():
    assert spans("VN", "RU", "2022-07-01", [("2022-06-01", "2022-06-15")]) == []
    assert spans("VN", "RU", "2022-07-01", [("2022-06-01", "2022-06-16")]) == [
        ("2022-06-16", "2022-06-16", "per_entry")]


def test_a_russian_entering_vietnam_on_15_august_2023_got_45_days_and_the_day_before_15():
    assert longest_stay("VN", "RU", "2023-08-14") == 15
    assert longest_stay("VN", "RU", "2023-08-15") == 45


def test_a_russian_may_stay_45_days_in_vietnam_and_not_46():
    # 1 Oct - 14 Nov 2023 is 45 days (31 + 14).
    assert spans("VN", "RU", "2023-12-01", [("2023-10-01", "2023-11-14")]) == []
    assert spans("VN", "RU", "2023-12-01", [("2023-10-01", "2023-11-15")]) == [
        ("2023-11-15", "2023-11-15", "per_entry")]


def test_resolution_44_governs_vietnam_from_15_march_2025_and_ends_after_14_march_2028():
    assert version_on("VN", "RU", "2025-03-14") == "2023-08-15"
    assert version_on("VN", "RU", "2025-03-15") == "2025-03-15"
    assert version_on("VN", "RU", "2028-03-14") == "2025-03-15"
    assert version_on("VN", "RU", "2028-03-15") is None


# --- Montenegro --------------------------------------------------------------------------------


def test_a_russian_may_stay_30_days_in_montenegro_and_not_31():
    assert spans("ME", "RU", "2026-07-10", [("2026-06-01", "2026-06-30")]) == []
    assert spans("ME", "RU", "2026-07-10", [("2026-06-01", "2026-07-01")]) == [
        ("2026-07-01", "2026-07-01", "per_entry")]


def test_the_announced_montenegrin_visas_are_not_assumed_without_confirmation():
    assert version_on("ME", "RU", "2026-10-01") == "2022-01-01"


# --- Armenia -----------------------------------------------------------------------------------


def test_a_russian_s_single_stay_in_armenia_may_last_180_days_and_not_181():
    # 1 Oct 2023 - 28 Mar 2024 is 180 days (92 in 2023, 88 in 2024): no year holds 181.
    assert spans("AM", "RU", "2024-04-10", [("2023-10-01", "2024-03-28")]) == []
    assert spans("AM", "RU", "2024-04-10", [("2023-10-01", "2024-03-29")]) == [
        ("2024-03-29", "2024-03-29", "per_entry")]


def test_a_russian_s_stays_in_armenia_may_add_up_to_180_days_in_a_calendar_year_and_not_181():
    # 1 Jan - 9 Apr 2024 is 100 days; 1 Sep - 19 Nov is 80 more.
    first = ("2024-01-01", "2024-04-09")
    assert spans("AM", "RU", "2024-12-01", [first, ("2024-09-01", "2024-11-19")]) == []
    assert spans("AM", "RU", "2024-12-01", [first, ("2024-09-01", "2024-11-20")]) == [
        ("2024-11-20", "2024-11-20", "calendar_year")]


def test_150_days_at_the_end_of_one_year_and_150_early_the_next_are_lawful_in_armenia():
    # The calendar-year reading of the Foreign Ministry; a rolling year would refuse it.
    stays = [("2024-08-04", "2024-12-31"), ("2025-02-01", "2025-06-30")]
    assert spans("AM", "RU", "2025-07-10", stays) == []


def test_a_kazakh_may_stay_90_days_in_armenia_and_not_91():
    # 1 Dec 2025 - 28 Feb 2026 is 90 days (31 + 31 + 28).
    assert spans("AM", "KZ", "2026-03-10", [("2025-12-01", "2026-02-28")]) == []
    assert {kind for *_, kind in violation_spans(
        ask("AM", "KZ", "2026-03-10", [("2025-12-01", "2026-03-01")]))} == {"per_entry", "rolling"}


def test_a_kazakh_s_days_in_armenia_add_up_to_90_in_180():
    # 30 + 30 + 30 days; on 5 May 2026 the window [7 Nov 2025, 5 May 2026] holds 91.
    stays = [("2025-12-01", "2025-12-30"), ("2026-02-01", "2026-03-02"),
             ("2026-04-01", "2026-04-30")]
    assert spans("AM", "KZ", "2026-05-10", stays) == []
    assert spans("AM", "KZ", "2026-05-10", [*stays, ("2026-05-05", "2026-05-05")]) == [
        ("2026-05-05", "2026-05-05", "rolling")]
