"""Answers people can act on (issue 10, items 1-4), in English, Russian and Kazakh: an
overstay's earliest return and full stay, a booked trip that would overstay, the answer
for another day than today, and a whole planned trip. Each runs at 375 px and is driven
by the keyboard where the feature is new. Dates are worked out in tests/core/test_whole_trips.py
and tests/js/wording.test.js from the same histories."""

from __future__ import annotations

from pathlib import Path

import pytest
from calculator import Calculator
from conftest import Server
from playwright.sync_api import Page, expect

LANGUAGES = pytest.mark.parametrize("lang", ["en", "ru", "kk"])
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"

# What each language's page says, by scenario.
WORDS = {
    "full_stay": {
        "en": "From 5 December 2026 you may stay the full 90 days again.",
        "ru": "С 5 декабря 2026 г. снова можно находиться полный срок — 90 дней.",
        "kk": "толық 90 күн болуға болады.",
    },
    "short_return": {
        "en": "If you leave today, you may come back from 16 October 2026 for up to 12 days.",
        "ru": "Если выехать сегодня, вернуться можно с 16 октября 2026 г., "
        "не более чем на 12 дней.",
        "kk": "12 күнге дейін қайта келуге болады.",
    },
    "booked_badge": {
        "en": "Within the limit today · a booked trip would overstay",
        "ru": "Сегодня в пределах срока · запланированная поездка превысит срок",
        "kk": "Бүгін мерзім ішіндесіз · жоспарланған сапар мерзімнен асады",
    },
    "booked_headline": {
        "en": "Your trip from 1 March 2027 would overstay by 69 days",
        "ru": "Поездка с 1 марта 2027 г. превысит срок на 69 дней",
        "kk": "басталатын сапар мерзімнен 69 күнге асады",
    },
    "booked_length": {
        "en": "It may last until 23 April 2027: 54 days in all.",
        "ru": "Она может продлиться до 23 апреля 2027 г. — всего 54 дня.",
        "kk": "барлығы 54 күн.",
    },
    "past_day": {
        "en": "a day in the past, not today.",
        "ru": "это прошедший день, а не сегодня.",
        "kk": "бұл — өткен күн, бүгін емес.",
    },
    "over_then": {
        "en": "By 10 May 2023: overstayed by 1 day",
        "ru": "На 10 мая 2023 г. срок превышен на 1 день",
        "kk": "мерзім 1 күнге асқан",
    },
    "ahead_day": {
        "en": "Answer for 10 May 2023, a day ahead, not today.",
        "ru": "Ответ на 10 мая 2023 г. — это будущий день, а не сегодня.",
        "kk": "бұл — алдағы күн, бүгін емес.",
    },
    "too_long": {
        "en": "Your trip is 34 days too long. "
        "Entering on 1 May 2027, leave by 29 July 2027: 90 days in all.",
        "ru": "Поездка длиннее допустимого на 34 дня. "
        "При въезде 1 мая 2027 г. выехать нужно не позднее 29 июля 2027 г. — всего 90 дней.",
        "kk": "Сапар рұқсат етілгеннен 34 күнге ұзақ.",
    },
    "fits": {
        "en": "Your trip fits: 30 days, 1 May 2027 to 30 May 2027.",
        "ru": "Поездка укладывается в срок: 30 дней, с 1 мая 2027 г. по 30 мая 2027 г.",
        "kk": "Сапар мерзімге сыяды: 30 күн,",
    },
    "assumes": {
        "en": "This assumes you leave on 10 January 2027: "
        "your current trip has no exit date yet.",
        "ru": "Расчёт исходит из того, что вы выедете 10 января 2027 г.: "
        "у текущей поездки ещё нет даты выезда.",
        "kk": "ағымдағы сапардың шығу күні әлі енгізілмеген.",
    },
}


def open_phone(page: Page, server: Server, lang: str, today: str) -> Calculator:
    page.set_viewport_size({"width": 375, "height": 812})
    calculator = Calculator(page, server.url + ("" if lang == "en" else f"{lang}/"))
    return calculator.open(today).choose("RU", "KZ")


def fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def shoot(page: Page, name: str, selector: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(selector).screenshot(path=SHOTS / f"{name}.png")


@LANGUAGES
def test_an_overstayer_reads_the_earliest_return_and_the_next_full_stay(
    page: Page, server: Server, page_errors, lang: str
) -> None:
    """1 Mar - 30 Apr 2026 (61 days) and from 20 Jun, still there on 5 Sep: leaving today,
    the window first has room for 12 days from 16 Oct, and a full 90 from 5 Dec, when the
    spring days have dropped out."""
    calculator = open_phone(page, server, lang, "2026-09-05")
    calculator.add_trip("2026-03-01", "2026-04-30")
    calculator.add_trip("2026-06-20")
    subline = calculator.text("#verdict-subline")
    assert WORDS["short_return"][lang] in subline
    assert WORDS["full_stay"][lang] in subline
    fits_the_phone(page)
    shoot(page, f"overstay-full-{lang}", "#answer")


@LANGUAGES
def test_a_booked_trip_that_would_overstay_says_by_how_much_and_how_long_it_may_be(
    page: Page, server: Server, page_errors, lang: str
) -> None:
    """36 days in Dec-Jan, then 1 Mar - 1 Jul booked: over from 24 Apr, 69 days; the trip
    may last 54 days, to 23 Apr. Not an earlier overstay: the badge says a booked one."""
    calculator = open_phone(page, server, lang, "2027-01-10")
    calculator.add_trip("2026-12-01", "2027-01-05")
    calculator.add_trip("2027-03-01", "2027-07-01")
    assert calculator.badge == WORDS["booked_badge"][lang]
    assert WORDS["booked_headline"][lang] in calculator.headline
    assert WORDS["booked_length"][lang] in calculator.text("#verdict-subline")
    expect(page.locator("#verdict-badge")).to_have_class("badge warn")
    fits_the_phone(page)
    shoot(page, f"booked-{lang}", "#answer")


@LANGUAGES
def test_the_answer_for_another_day_past_or_future_is_marked_as_not_today(
    page: Page, server: Server, page_errors, lang: str
) -> None:
    """The visa-run history on 20 Apr 2023 is within the limit; on 10 May (ahead) it is one
    day over (see test_answers.py); on 15 Mar (past) within. The way back to today is
    reached and pressed with the keyboard alone."""
    calculator = open_phone(page, server, lang, "2023-04-20")
    calculator.add_trip("2023-02-01", "2023-04-01")
    calculator.add_trip("2023-04-10")
    expect(page.locator("#verdict-when")).to_be_hidden()
    page.fill("#on-date", "2023-05-10")
    page.locator("#on-date").dispatch_event("change")
    calculator.settle()
    expect(page.locator("#verdict-when")).to_contain_text(WORDS["ahead_day"][lang])
    assert WORDS["over_then"][lang] in calculator.headline
    fits_the_phone(page)
    shoot(page, f"control-day-{lang}", "#answer")
    # Back to today from the keyboard: Tab through the date's parts reaches the button next.
    page.focus("#on-date")
    for _ in range(4):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "on-today":
            break
    expect(page.locator("#on-today")).to_be_focused()
    page.keyboard.press("Enter")
    calculator.settle()
    expect(page.locator("#verdict-when")).to_be_hidden()
    expect(page.locator("#on-date")).to_have_attribute("data-iso", "2023-04-20")
    expect(page.locator("#on-today")).to_be_hidden()
    # A day in the past: within the limit then, and said to be another day.
    page.fill("#on-date", "2023-03-15")
    page.locator("#on-date").dispatch_event("change")
    calculator.settle()
    expect(page.locator("#verdict-when")).to_contain_text(WORDS["past_day"][lang])
    expect(page.locator("#verdict-badge")).to_have_class("badge good")


@LANGUAGES
def test_a_whole_planned_trip_fits_or_says_how_many_days_to_shorten_it(
    page: Page, server: Server, page_errors, lang: str
) -> None:
    """Still there since 1 Jan 2027 on 10 Jan: the plan assumes leaving today. 1 May - 1 Sep
    is 124 days, 90 allowed (to 29 Jul): 34 too many. 1 - 30 May fits."""
    calculator = open_phone(page, server, lang, "2027-01-10")
    calculator.add_trip("2027-01-01")
    page.fill("#plan-entry", "2027-05-01")
    page.locator("#plan-entry").dispatch_event("change")
    page.fill("#plan-exit", "2027-09-01")
    page.locator("#plan-exit").dispatch_event("change")
    calculator.settle()
    expect(page.locator("#plan-answer")).to_contain_text(WORDS["too_long"][lang])
    expect(page.locator("#plan-answer")).to_have_class("plan-answer bad")
    expect(page.locator("#plan-assumes")).to_contain_text(WORDS["assumes"][lang])
    fits_the_phone(page)
    shoot(page, f"whole-trip-{lang}", ".plan")
    page.fill("#plan-exit", "2027-05-30")
    page.locator("#plan-exit").dispatch_event("change")
    calculator.settle()
    expect(page.locator("#plan-answer")).to_contain_text(WORDS["fits"][lang])
    stored_plan = calculator.stored()["travellers"][0]["plan"]
    assert stored_plan == {"entry": "2027-05-01", "exit": "2027-05-30"}
