"""The law as re-checked in Dec 2026 (issue 9), each date tested on both sides.

Scenarios are named as sentences; the dates are worked out by hand in the comments. The
sources are in the rule files; what is disputed is in each version's `disputed` list.
"""

from __future__ import annotations

from .helpers import ask, ok, violation_spans


def version_on(destination: str, nationality: str, day: str) -> str:
    return ok(ask(destination, nationality, day, []))["regime"]["version"]["effective_from"]


# --- Georgia, citizens of Ukraine: two years, three years, one year again ---------------


def test_ukrainians_have_their_own_regime_in_georgia():
    assert ok(ask("GE", "UA", "2026-12-01", []))["regime"]["id"] == "ge-ukraine"
    assert ok(ask("GE", "RU", "2026-12-01", []))["regime"]["id"] == "ge-visa-free"


def test_a_ukrainian_s_one_year_ended_on_26_february_2023_and_two_years_applied_from_27th():
    # Entered 26 Feb 2022: one year ends 25 Feb 2023, so 26 Feb 2023 was over it; from
    # 27 Feb 2023 (Resolution No. 81 published) two years apply, to the stay under way too.
    assert violation_spans(ask("GE", "UA", "2023-03-10", [("2022-02-26", "2023-03-10")])) == [
        ("2023-02-26", "2023-02-26", "per_entry")]
    # Entered a day later: the first day past one year is 27 Feb, already under two years.
    assert violation_spans(ask("GE", "UA", "2023-03-10", [("2022-02-27", "2023-03-10")])) == []


def test_two_years_bound_a_ukrainian_until_23_february_2024_and_three_years_from_the_24th():
    # Entered 23 Feb 2022: the two years end 22 Feb 2024, so 23 Feb 2024 was over them;
    # three years apply from 24 Feb 2024. (The one-year rule also caught 23-26 Feb 2023.)
    assert violation_spans(ask("GE", "UA", "2024-03-10", [("2022-02-23", "2024-03-10")])) == [
        ("2023-02-23", "2023-02-26", "per_entry"), ("2024-02-23", "2024-02-23", "per_entry")]
    # Entered 24 Feb 2022: the two years end 23 Feb 2024, the day before three years apply.
    assert violation_spans(ask("GE", "UA", "2024-03-10", [("2022-02-24", "2024-03-10")])) == [
        ("2023-02-24", "2023-02-26", "per_entry")]


def test_a_ukrainian_who_entered_on_24_february_2025_may_stay_one_year():
    answer = ok(ask("GE", "UA", "2025-06-01", [("2025-02-24", None)]))
    assert answer["latest_exit"]["last"] == "2026-02-23"
    assert violation_spans(ask("GE", "UA", "2026-03-01", [("2025-02-24", "2026-02-24")])) == [
        ("2026-02-24", "2026-02-24", "per_entry")]


def test_a_ukrainian_who_entered_on_23_february_2025_may_stay_until_24_february_2027():
    answer = ok(ask("GE", "UA", "2025-06-01", [("2025-02-23", None)]))
    assert answer["latest_exit"]["last"] == "2027-02-24"
    assert violation_spans(ask("GE", "UA", "2027-03-01", [("2025-02-23", "2027-02-24")])) == []
    assert violation_spans(ask("GE", "UA", "2027-03-01", [("2025-02-23", "2027-02-25")])) == [
        ("2027-02-25", "2027-02-25", "per_entry")]


def test_a_ukrainian_in_georgia_since_march_2022_is_not_told_of_a_false_overstay():
    # Two years, then three, then the transitional extension: lawful throughout, and the
    # last day is 24 Feb 2027.
    answer = ok(ask("GE", "UA", "2026-12-01", [("2022-03-01", None)]))
    assert answer["violations"] == []
    assert answer["latest_exit"]["last"] == "2027-02-24"
    assert answer["regime"]["version"]["disputed"]


# --- Turkey: Tajik citizens lose the visa exemption; the Russians' source ---------------


def test_tajik_citizens_in_turkey_are_under_the_revocation_from_5_april_2024():
    assert ok(ask("TR", "TJ", "2024-04-05", []))["regime"]["id"] == "tr-tajikistan"
    assert version_on("TR", "TJ", "2024-04-04") == "2020-03-02"
    assert version_on("TR", "TJ", "2024-04-05") == "2024-04-05"
    assert ask("TR", "KZ", "2024-04-05", [])["regime"]["id"] == "tr-visa-exempt"


def test_a_tajik_s_days_on_a_visa_after_the_revocation_still_count_toward_90_in_180():
    # 1 Feb - 4 Apr 2024 visa-free (64 days), then 20 Apr - 15 May on a visa (26 days):
    # 90 in the window; one more day on the visa is the 91st.
    stays = [{"entry": "2024-02-01", "exit": "2024-04-04"},
             {"entry": "2024-04-20", "exit": "2024-05-15", "basis": "visa"}]
    assert violation_spans(ask("TR", "TJ", "2024-06-01", stays)) == []
    stays[1]["exit"] = "2024-05-16"
    assert violation_spans(ask("TR", "TJ", "2024-06-01", stays)) == [
        ("2024-05-16", "2024-05-16", "rolling")]


def test_the_turkish_rule_for_russians_cites_the_kazan_consulate_not_a_note_on_kazakhs():
    sources = ok(ask("TR", "RU", "2024-01-01", []))["regime"]["version"]["sources"]
    assert sources[0]["url"] == "https://kazan.bk.mfa.gov.tr/ShowAnnouncement.aspx?ID=185125"
    assert all("almati" not in s["url"] for s in sources)


def test_the_six_state_decision_is_dated_december_2023_not_2024():
    notes = " ".join(ok(ask("TR", "US", "2024-01-01", []))["regime"]["notes"])
    assert "23 Dec 2023" in notes
    assert "decision of 2024" not in notes


# --- Schengen: the rule before 18 Oct 2013, the EES, ETIAS and the microstates -----------


def test_before_18_october_2013_a_new_six_months_began_with_the_first_entry_after_the_last():
    # 1 Jan - 31 Mar 2013 is 90 days; that period of 180 days ends 29 Jun. Entering on
    # 1 Jul starts a new period: 1 Jul - 28 Sep is 90 more days, lawful then (the rolling
    # rule would have allowed 2 days). The 91st day of the new period is 29 Sep.
    first = ("2013-01-01", "2013-03-31")
    assert violation_spans(ask("FR", "US", "2013-10-01", [first, ("2013-07-01", "2013-09-28")])
                           ) == []
    assert violation_spans(ask("FR", "US", "2013-10-01", [first, ("2013-07-01", "2013-09-29")])
                           ) == [("2013-09-29", "2013-09-29", "fixed_period")]


def test_the_fixed_period_rule_ends_on_17_october_2013_and_the_rolling_rule_begins_on_the_18th():
    assert version_on("DE", "US", "2013-10-17") == "2011-12-19"
    assert version_on("DE", "US", "2013-10-18") == "2013-10-18"
    rule = ok(ask("DE", "US", "2013-10-17", []))["regime"]["version"]["limits"][0]
    assert (rule["kind"], rule["days"], rule["period"]) == ("fixed_period", 90, 180)


def test_histories_from_2012_get_an_answer_and_before_liechtenstein_joined_none():
    assert ok(ask("IT", "JP", "2012-05-01", [("2012-04-01", "2012-04-30")]))["on"][
        "days_used"] == 30
    assert ask("IT", "JP", "2011-12-18", [])["error"]["code"] == "no_rule"
    assert version_on("IT", "JP", "2011-12-19") == "2011-12-19"


def test_the_schengen_notes_say_ees_data_prevail_and_remind_of_etias_and_the_microstates():
    notes = ok(ask("FR", "US", "2026-12-01", []))["regime"]["notes"]
    ees = next(n for n in notes if "Entry/Exit System" in n)
    assert "2025/1534" in ees and "Art. 22(2)" in ees
    assert "where a passport stamp and the record disagree, the stamp prevails" not in ees
    assert any("ETIAS" in n and "last quarter of 2026" in n for n in notes)
    assert any("Monaco" in n and "San Marino" in n and "Vatican" in n for n in notes)


# --- Armenia: a calendar year, and U.S. citizens from 1 Jan 2015 --------------------------


def test_us_citizens_in_armenia_are_covered_from_1_january_2015():
    assert ask("AM", "US", "2014-12-31", [])["error"]["code"] == "no_rule"
    assert ok(ask("AM", "US", "2015-01-01", []))["regime"]["id"] == "am-united-states"


def test_the_last_180_days_of_a_year_and_the_first_180_of_the_next_are_lawful_in_armenia():
    # 5 Jul - 31 Dec 2019 is 180 days, 1 Jan - 28 Jun 2020 is 180 more (2020 is a leap
    # year); the year's 181st day, 29 Jun 2020, is over. A rolling 365-day window would
    # have refused the stay from 1 Jan 2020.
    for nationality in ("US", "FR"):
        assert violation_spans(ask("AM", nationality, "2020-07-01",
                                   [("2019-07-05", "2020-06-28")])) == []
        assert violation_spans(ask("AM", nationality, "2020-07-01",
                                   [("2019-07-05", "2020-06-29")])) == [
            ("2020-06-29", "2020-06-29", "calendar_year")]


# --- Kyrgyzstan: the days add up until a long enough absence -------------------------------


def test_after_89_days_away_from_kyrgyzstan_the_count_goes_on_and_after_90_it_restarts():
    # 1 Jan - 31 Mar 2025 is 90 days. Away 1 Apr - 28 Jun (89 days): back on 29 Jun the
    # count is 91. Away until 29 Jun (90 days): back on 30 Jun the count starts again.
    full = ("2025-01-01", "2025-03-31")
    assert violation_spans(ask("KG", "RU", "2025-07-10", [full, ("2025-06-29", "2025-07-10")])
                           ) == [("2025-06-29", "2025-07-10", "accumulating")]
    assert violation_spans(ask("KG", "RU", "2025-07-10", [full, ("2025-06-30", "2025-07-10")])
                           ) == []


def test_thirty_days_in_and_sixty_out_repeated_breaks_the_border_service_s_count_on_the_4th_visit():
    # Never more than 60 days in any 180, but 30 + 30 + 30 days add up to 90 with no 90-day
    # absence between them: the fourth visit is over the count from its first day.
    stays = [("2025-01-01", "2025-01-30"), ("2025-04-01", "2025-04-30"),
             ("2025-06-30", "2025-07-29"), ("2025-09-28", "2025-10-27")]
    assert violation_spans(ask("KG", "BY", "2025-11-01", stays[:3])) == []
    assert violation_spans(ask("KG", "BY", "2025-11-01", stays)) == [
        ("2025-09-28", "2025-10-27", "accumulating")]


def test_kazakh_citizens_in_kyrgyzstan_are_counted_from_1_september_2025_the_other_date_said():
    assert ask("KG", "KZ", "2025-08-31", [])["error"]["code"] == "no_rule"
    answer = ok(ask("KG", "KZ", "2025-09-01", []))
    assert answer["regime"]["id"] == "kg-kazakhstan"
    assert any("5 Sep 2024" in d for d in answer["regime"]["version"]["disputed"])


def test_the_60_day_rule_applies_from_21_october_2023():
    assert ask("KG", "AT", "2023-10-20", [])["error"]["code"] == "no_rule"
    assert version_on("KG", "AT", "2023-10-21") == "2023-10-21"


def test_59_days_in_one_day_out_and_59_in_is_now_over_the_60_day_count():
    # The old encoding owed a break only after a single 60-day stay, so this passed. The
    # days add up: the 60th is 1 Mar, the 61st 2 Mar.
    stays = [("2024-01-01", "2024-02-28"), ("2024-03-01", "2024-04-28")]
    assert violation_spans(ask("KG", "AT", "2024-05-01", stays)) == [
        ("2024-03-02", "2024-04-28", "accumulating")]
    assert violation_spans(ask("KG", "AT", "2024-05-01",
                               [stays[0], ("2024-03-01", "2024-03-01")])) == []


def test_thirty_days_in_kyrgyzstan_from_31_december_2025_and_30_days_away_restore_them():
    # 1 - 30 Jan 2026 is 30 days; away 31 Jan - 1 Mar (30 days), back on 2 Mar: fresh.
    # Back on 1 Mar (29 days away): the 31st day.
    first = ("2026-01-01", "2026-01-30")
    assert violation_spans(ask("KG", "AT", "2026-03-05", [first, ("2026-03-02", "2026-03-05")])
                           ) == []
    assert violation_spans(ask("KG", "AT", "2026-03-05", [first, ("2026-03-01", "2026-03-05")])
                           ) == [("2026-03-01", "2026-03-05", "accumulating")]


# --- Kazakhstan: 7 Apr 2016, ten days after publication, QazETA ---------------------------


def test_the_2016_kazakh_change_dates_from_7_april():
    assert version_on("KZ", "RU", "2016-04-06") == "2015-01-01"
    assert version_on("KZ", "RU", "2016-04-07") == "2016-04-07"


def test_a_turkish_citizen_s_one_month_in_kazakhstan_held_until_7_september_2025():
    # Entered 7 Aug 2025: one month ends 6 Sep, so 7 Sep was over it; from 8 Sep (ten days
    # after the resolution's publication) 90 days apply, to the stay under way too.
    assert violation_spans(ask("KZ", "TR", "2025-09-20", [("2025-08-07", "2025-09-20")])) == [
        ("2025-09-07", "2025-09-07", "per_entry")]
    # Entered 8 Aug: one month ends 7 Sep, the day before the new period applies.
    assert violation_spans(ask("KZ", "TR", "2025-09-20", [("2025-08-08", "2025-09-20")])) == []


def test_every_kazakh_regime_reminds_of_the_qazeta_travel_authorisation():
    for nationality in ("RU", "TR", "IN", "UZ", "US"):
        notes = ok(ask("KZ", nationality, "2026-12-01", []))["regime"]["notes"]
        assert any("QazETA" in n for n in notes), nationality


def test_kazakhstan_notes_say_kyrgyz_citizens_had_a_treaty_of_their_own():
    version = ok(ask("KZ", "KG", "2020-01-01", []))["regime"]["version"]
    assert any("11 May 2012" in n for n in version["notes"])
    later = ok(ask("KZ", "KG", "2024-01-01", []))["regime"]["version"]
    assert any("2012 agreement" in d for d in later["disputed"])
    # The doubt is about Kyrgyz citizens only: a Russian's answer does not carry it.
    russian = ok(ask("KZ", "RU", "2024-01-01", []))["regime"]["version"]
    assert not any("2012 agreement" in d for d in russian["disputed"])
