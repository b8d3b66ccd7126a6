"""A traveller enters their history and reads the answer: the right one, for each regime.

The expected dates are worked out by hand in each test's docstring.
"""

from __future__ import annotations

from calculator import Calculator
from playwright.sync_api import expect


def test_the_form_is_usable_while_python_starts(calculator: Calculator) -> None:
    """The page is plain HTML: trips can be entered before the calculator is ready, the
    indicator says what it is doing, and the answer comes once Python is up."""
    page = calculator.page
    page.clock.set_fixed_time("2023-04-20T12:00:00")
    page.goto(calculator.url, wait_until="domcontentloaded")
    loading = page.locator("#loading")
    expect(loading).to_be_visible()
    expect(page.locator("#loading-text")).to_contain_text("Python")
    page.click("#add-trip")
    page.locator(".trip [name='entry']").fill("2023-04-01")
    page.locator(".trip [name='ongoing']").check()
    calculator.settle()
    expect(loading).to_be_hidden()
    assert calculator.headline == "You may stay until 29 June 2023"  # 1 Apr + 89 days


def test_in_kazakhstan_a_visa_run_after_27_january_2023_does_not_reset_the_count(
    calculator: Calculator,
) -> None:
    """60 days (1 Feb - 1 Apr), out for 8 days, back on 10 Apr: 30 days are left, so the
    last day is 9 May, not 8 Jul as a fresh 90 days would say. On 20 Apr: 60 + 11 = 71."""
    calculator.open("2023-04-20").choose("RU", "KZ")
    calculator.add_trip("2023-02-01", "2023-04-01")
    calculator.add_trip("2023-04-10")
    assert calculator.badge == "Within the limit"
    assert calculator.headline == "You may stay until 9 May 2023"
    assert calculator.facts["Days used"] == "71 / 90 27 Jan 2023 \N{EN DASH} 20 Apr 2023"
    assert calculator.facts["Days left"] == "19 in today's window"
    rule = calculator.page.locator("#rule .regime:visible")
    expect(rule).to_have_count(1)
    expect(rule.locator(".version.current h4")).to_contain_text("From 27 Jan 2023")
    expect(calculator.page.locator("#rule-why")).to_contain_text("Russia")


def test_in_kazakhstan_staying_past_that_day_is_an_overstay_the_page_lists(
    calculator: Calculator,
) -> None:
    """The same history on 10 May: 91 days in the window, one day over."""
    calculator.open("2023-05-10").choose("RU", "KZ")
    calculator.add_trip("2023-02-01", "2023-04-01")
    second = calculator.add_trip("2023-04-10")
    assert calculator.badge == "Over the limit"
    assert calculator.headline == "You have overstayed by 1 day"
    assert len(calculator.overstays) == 1
    assert calculator.overstays[0].startswith(
        "10 May 2023 \N{EN DASH} 10 May 2023 \N{MIDDLE DOT} 1 day over the limit"
    )
    assert "does not reset" in calculator.overstays[0]
    expect(second.locator(".trip-over")).to_be_visible()


def test_an_overstayer_is_told_how_long_they_have_overstayed_and_when_they_may_return(
    calculator: Calculator,
) -> None:
    """1 Mar - 28 May 2026 (89 days), a day in Kyrgyzstan, back on 30 May and still there on
    28 Nov: 30 May is day 90, every day from 31 May is over, 182 days. Leaving on 28 Nov,
    the window [D-179, D] holds 89 days from 1 Sep: re-entry on 27 Feb 2027, and as old
    days drop out while new ones come in, a full 90 days."""
    calculator.open("2026-11-28").choose("RU", "KZ")
    calculator.add_trip("2026-03-01", "2026-05-28")
    calculator.add_trip("2026-05-29", "2026-05-29", country="KG")
    calculator.add_trip("2026-05-30")
    assert calculator.headline == "You have overstayed by 182 days"
    assert calculator.text("#verdict-subline") == (
        "Leave as soon as you can: every further day adds to the overstay. "
        "If you leave today, you may come back from 27 February 2027 for up to 90 days."
    )
    assert calculator.overstays[0].startswith(
        "31 May 2026 \N{EN DASH} 28 Nov 2026 \N{MIDDLE DOT} 182 days over the limit"
    )


def test_in_kazakhstan_a_visa_run_before_27_january_2023_started_a_new_90_days(
    calculator: Calculator,
) -> None:
    """Under the 2016 rule each entry had its own 90 days: 90 days from 1 Jun, out on
    30 Aug, back on 31 Aug for another 90 days, until 28 Nov 2022."""
    calculator.open("2022-10-15").choose("RU", "KZ")
    calculator.add_trip("2022-06-01", "2022-08-29")
    calculator.add_trip("2022-08-31")
    assert calculator.headline == "You may stay until 28 November 2022"
    assert calculator.facts["Days used"] == "46 / 90 in this stay"
    assert calculator.overstays == []
    rule = calculator.page.locator("#rule .regime:visible")
    expect(rule.locator(".version.current h4")).to_contain_text("From 7 Apr 2016")


def test_in_kazakhstan_a_stay_begun_before_the_change_keeps_the_old_rule_until_exit(
    calculator: Calculator,
) -> None:
    """Entered 1 Dec 2022 and still there on 15 Feb 2023: 90 days from entry, 28 Feb."""
    calculator.open("2023-02-15").choose("RU", "KZ")
    calculator.add_trip("2022-12-01")
    assert calculator.headline == "You may stay until 28 February 2023"
    assert calculator.facts["Days used"] == "77 / 90 in this stay"


def test_in_the_schengen_area_days_in_different_member_states_add_up(
    calculator: Calculator,
) -> None:
    """An American: 60 days in France (10 Jan - 10 Mar), then Germany from 1 Apr. On
    20 Apr, 80 of 90 days are used; the last lawful day is 30 Apr (Jan days drop out
    of the window only from July)."""
    calculator.open("2023-04-20").choose("US", "FR")
    calculator.add_trip("2023-01-10", "2023-03-10", country="FR")
    calculator.add_trip("2023-04-01", country="DE")
    assert calculator.headline == "You may stay until 30 April 2023"
    assert calculator.facts["Days used"] == "80 / 90 23 Oct 2022 \N{EN DASH} 20 Apr 2023"
    expect(calculator.page.locator("#rule .regime:visible h3")).to_contain_text("Schengen")


def test_in_russia_days_count_per_calendar_year_from_2025(calculator: Calculator) -> None:
    """An Uzbek visitor: 60 days in early 2025 and back on 1 Jun: 80 of 90 days of 2025
    used on 20 Jun, so the last day is 30 Jun. Entering on 1 Jan 2026 gives a new year's
    90 days: until 31 Mar 2026."""
    calculator.open("2025-06-20").choose("UZ", "RU")
    calculator.add_trip("2025-01-10", "2025-03-10")
    calculator.add_trip("2025-06-01")
    assert calculator.headline == "You may stay until 30 June 2025"
    assert calculator.facts["Days used"] == "80 / 90 in 2025"
    calculator.plan("2026-01-01")
    assert calculator.plan_answer.startswith(
        "If you enter on 1 January 2026, you may stay until 31 March 2026 (90 days)."
    )
    assert "each calendar year" in calculator.plan_answer


def test_a_plan_is_limited_by_a_later_trip_already_recorded(calculator: Calculator) -> None:
    """A 60-day trip is booked for 1 Jun - 30 Jul 2023. Entering on 1 Apr, only 30 days
    fit before it within any 180 days: until 30 Apr."""
    calculator.open("2023-03-01").choose("RU", "KZ")
    calculator.add_trip("2023-06-01", "2023-07-30")
    calculator.plan("2023-04-01")
    assert calculator.plan_answer == (
        "If you enter on 1 April 2023, you may stay until 30 April 2023 (30 days). "
        "What limits it: your trip recorded from 1 June 2023. "
        "Staying longer would put that trip over the limit."
    )


def test_the_stay_under_way_is_cut_short_by_a_later_trip_and_says_so(
    calculator: Calculator,
) -> None:
    """In Kazakhstan since 1 Oct 2026, with 1-20 Feb 2027 booked: alone the stay could run
    to 29 Dec (90 days); with the booked trip it must end on 9 Dec, and the page says why
    "days left" (31) is not the answer."""
    calculator.open("2026-11-28").choose("RU", "KZ")
    calculator.add_trip("2026-10-01")
    assert calculator.headline == "You may stay until 29 December 2026"
    assert calculator.text("#verdict-reason") == (
        "What limits it: at most 90 days in any period of 180 days."
    )
    calculator.add_trip("2027-02-01", "2027-02-20")
    assert calculator.headline == "You may stay until 9 December 2026"
    assert calculator.text("#verdict-reason") == (
        "What limits it: your trip recorded from 1 February 2027. "
        "Staying longer would put that trip over the limit."
    )


def test_a_german_in_france_is_told_the_schengen_rule_exempts_them(calculator: Calculator) -> None:
    """Not "own country", and the rule panel no longer shows the previous answer's rule."""
    calculator.open("2026-11-28").choose("RU", "KZ")
    calculator.choose("DE", "FR")
    expect(calculator.page.locator("#nationality-error")).to_have_text(
        "Citizens of this country are exempt from this rule: no stay limit applies to them here."
    )
    assert calculator.text("#rule-why") == (
        "Citizens of Germany are exempt from this rule in France:"
    )
    rules = calculator.page.locator("#rule .regime:visible h3")
    expect(rules).to_have_text(["Schengen area: short stays"])
    calculator.choose("US", "FR")
    assert calculator.text("#rule-why").startswith(
        "For a passport of United States going to France"
    )
    calculator.choose("KZ", "KZ")
    assert calculator.text("#rule-why") == (
        "Kazakhstan is the country of your passport: no stay limit applies."
    )
    expect(rules).to_have_count(0)


def test_bad_dates_are_explained_next_to_the_field(calculator: Calculator) -> None:
    calculator.open("2023-04-20").choose("RU", "KZ")
    trip = calculator.add_trip("2023-03-10", "2023-03-01")
    exit_error = trip.locator('[data-error="exit"]')
    expect(exit_error).to_have_text("The exit is before the entry.")
    expect(trip.locator('[name="exit"]')).to_have_attribute("aria-invalid", "true")
    expect(calculator.page.locator("#verdict")).to_be_hidden()
    problem = calculator.page.locator("#answer-problem")
    expect(problem).to_contain_text("Trip 1: The exit is before the entry.")
    problem.get_by_role("button", name="Go to the field").click()
    expect(trip.locator('[name="exit"]')).to_be_focused()

    trip.locator('[name="exit"]').fill("2023-03-20")
    calculator.settle()
    expect(exit_error).to_be_hidden()
    assert calculator.headline.startswith("You may enter today")

    calculator.select_country("#nationality", "KZ")  # at home: no limit
    calculator.settle()
    expect(calculator.page.locator("#nationality-error")).to_have_text(
        "Citizens have no stay limit in their own country."
    )
    calculator.select_country("#nationality", "RU")
    calculator.settle()
    expect(calculator.page.locator("#nationality-error")).to_be_hidden()

    calculator.add_trip("2023-05-01")  # still there, from a day after today
    later = calculator.trips.last
    expect(later.locator('[data-error="entry"]')).to_have_text(
        "A trip you are still on cannot begin after today."
    )
