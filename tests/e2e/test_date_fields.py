"""Typed dates (issue 12, item 16): a date is typed the page's way (day, month, year on /,
/ru/ and /kk/, or ISO), the date in words is shown beside the field as it is typed, and a
date that does not exist is said, kept on screen and never stored."""

from __future__ import annotations

import pytest
from calculator import Calculator
from conftest import Server
from playwright.sync_api import Locator, Page, expect
from text_fit import OVERFLOW

LANGUAGES = pytest.mark.parametrize("lang", ["", "ru/", "kk/"], ids=["en", "ru", "kk"])
SEPARATOR = {"": "/", "ru/": ".", "kk/": "."}
# 5 Nov 2026 in words, in the page's language (Intl, or CLDR's names where Intl lacks them).
FIFTH_OF_NOVEMBER = {
    "": "5 November 2026, Thursday",
    "ru/": "5 ноября 2026 г., четверг",
    "kk/": "2026 ж. 5 қараша, бейсенбі",
}
NO_SUCH_DAY = {
    "": "This day does not exist: that month has 28 days.",
    "ru/": "Такого дня нет: в этом месяце 28 дней.",
    "kk/": "Мұндай күн жоқ: бұл айда 28 күн бар.",
}
FOUR_FIGURES = {
    "": "Type the year with four figures.",
    "ru/": "Введите год четырьмя цифрами.",
    "kk/": "Жылды төрт цифрмен жазыңыз.",
}
CHECK_THE_ENTRY = {
    "": "Check the entry date. Until then this trip is not counted.",
    "ru/": "Проверьте дату въезда. До этого поездка не учитывается.",
    "kk/": "Кіру күнін тексеріңіз. Оған дейін бұл сапар есептелмейді.",
}


def words(field: Locator) -> Locator:
    return field.locator("xpath=ancestor::label[1]").locator("[data-words]")


def new_trip_entry(calculator: Calculator) -> Locator:
    calculator.page.click("#add-trip")
    entry = calculator.trips.last.locator('[name="entry"]')
    expect(entry).to_be_focused()
    return entry


def opened(page: Page, server: Server, lang: str, today: str = "2026-11-28") -> Calculator:
    return Calculator(page, server.url + lang).open(today).choose("RU", "KZ")


@LANGUAGES
def test_05112026_is_the_fifth_of_november_in_words_as_it_is_typed(
    page: Page, server: Server, page_errors: list[str], lang: str
) -> None:
    calculator = opened(page, server, lang)
    entry = new_trip_entry(calculator)
    page.keyboard.type("0511")
    expect(words(entry)).to_have_text("")  # not a date yet, nothing wrong yet either
    page.keyboard.type("2026")
    expect(words(entry)).to_have_text(FIFTH_OF_NOVEMBER[lang])
    calculator.settle()
    assert calculator.stored()["travellers"][0]["stays"][0]["entry"] == "2026-11-05"
    assert Calculator.date(entry) == "2026-11-05"
    page.keyboard.press("Tab")  # left: written the page's way
    expect(entry).to_have_value(SEPARATOR[lang].join(["05", "11", "2026"]))


@pytest.mark.parametrize("typed", ["5.11.2026", "5/11/2026", "2026-11-05", "05 11 2026"])
def test_every_way_of_writing_the_fifth_of_november_gives_it_on_ru(
    page: Page, server: Server, page_errors: list[str], typed: str
) -> None:
    calculator = opened(page, server, "ru/")
    entry = new_trip_entry(calculator)
    entry.fill(typed)
    expect(words(entry)).to_have_text(FIFTH_OF_NOVEMBER["ru/"])
    calculator.settle()
    assert calculator.stored()["travellers"][0]["stays"][0]["entry"] == "2026-11-05"


@LANGUAGES
def test_30_february_says_the_day_does_not_exist_is_kept_and_not_stored(
    page: Page, server: Server, page_errors: list[str], lang: str
) -> None:
    calculator = opened(page, server, lang)
    calculator.add_trip("2026-11-01", "2026-11-10")
    entry = new_trip_entry(calculator)
    typed = SEPARATOR[lang].join(["30", "02", "2026"])
    page.keyboard.type(typed)
    expect(words(entry)).to_have_text(NO_SUCH_DAY[lang])
    expect(entry).to_have_attribute("aria-invalid", "true")
    calculator.settle()
    assert calculator.stored()["travellers"][0]["stays"][1]["entry"] == ""
    hint = calculator.trips.last.locator("[data-hint]")
    expect(hint).to_have_text(CHECK_THE_ENTRY[lang])
    # The list drawn again (another trip added): what was typed is still there, still said.
    page.click("#add-trip")
    calculator.settle()
    kept = calculator.trips.nth(1).locator('[name="entry"]')
    expect(kept).to_have_value(typed)
    expect(words(kept)).to_have_text(NO_SUCH_DAY[lang])
    expect(kept).to_have_attribute("aria-invalid", "true")
    # Corrected: a date again, stored, and nothing wrong said.
    kept.fill(SEPARATOR[lang].join(["28", "02", "2026"]))
    calculator.settle()
    expect(kept).not_to_have_attribute("aria-invalid", "true")
    assert calculator.stored()["travellers"][0]["stays"][1]["entry"] == "2026-02-28"


@LANGUAGES
def test_a_year_of_six_figures_is_refused(
    page: Page, server: Server, page_errors: list[str], lang: str
) -> None:
    calculator = opened(page, server, lang)
    entry = new_trip_entry(calculator)
    page.keyboard.type("05112026")
    calculator.settle()
    page.keyboard.type("00")  # 05.11.202600
    expect(words(entry)).to_have_text(FOUR_FIGURES[lang])
    calculator.settle()
    assert calculator.stored()["travellers"][0]["stays"][0]["entry"] == ""
    # A year of two figures is said once the field is left.
    entry.fill(SEPARATOR[lang].join(["05", "11", "26"]))
    expect(words(entry)).to_have_text("")
    page.keyboard.press("Tab")
    expect(words(entry)).to_have_text(FOUR_FIGURES[lang])


def test_the_plan_and_the_answers_day_are_typed_the_pages_way(
    page: Page, server: Server, page_errors: list[str]
) -> None:
    calculator = opened(page, server, "ru/", "2023-04-20")
    calculator.add_trip("2023-03-01", "2023-03-20")
    page.fill("#plan-entry", "01062023")
    calculator.settle()
    expect(words(page.locator("#plan-entry"))).to_have_text("1 июня 2023 г., четверг")
    assert calculator.stored()["travellers"][0]["plan"] == {"entry": "2023-06-01"}
    on = page.locator("#on-date")
    expect(on).to_have_value("20.04.2023")
    on.fill("10.05.2023")
    calculator.settle()
    expect(page.locator("#on-today")).to_be_visible()
    expect(words(on)).to_have_text("10 мая 2023 г., среда")
    on.fill("31.04.2023")  # no such day: the answer stays on 10 May, the field says why
    on.press("Tab")
    calculator.settle()
    expect(on).to_have_value("31.04.2023")
    expect(words(on)).to_have_text("Такого дня нет: в этом месяце 30 дней.")
    assert Calculator.date(on) == ""


@LANGUAGES
def test_a_trip_is_entered_with_the_keyboard_alone_at_375_pixels(
    page: Page, server: Server, page_errors: list[str], lang: str
) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    calculator = opened(page, server, lang)
    page.locator("#add-trip").focus()
    page.keyboard.press("Enter")
    entry = calculator.trips.last.locator('[name="entry"]')
    expect(entry).to_be_focused()
    page.keyboard.type("01112026")
    page.keyboard.press("ArrowUp")  # the day moves by one, as a native date field's
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowDown")
    expect(words(entry)).to_contain_text("2026")
    assert Calculator.date(entry) == "2026-11-02"
    page.keyboard.press("Tab")
    button = calculator.trips.last.locator('[data-action="pick-date"]').first
    expect(button).to_be_focused()  # the calendar, by the keyboard too
    assert button.get_attribute("aria-label")
    page.keyboard.press("Tab")
    exit_field = calculator.trips.last.locator('[name="exit"]')
    expect(exit_field).to_be_focused()
    page.keyboard.type("05112026")
    page.keyboard.press("Tab")
    calculator.settle()
    assert calculator.trip_dates()[-1] == ("2026-11-02", "2026-11-05", False)
    expect(words(exit_field)).to_have_text(FIFTH_OF_NOVEMBER[lang])
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    for field in (entry, exit_field, page.locator("#plan-entry"), page.locator("#on-date")):
        field.scroll_into_view_if_needed()
        box = field.locator("xpath=ancestor::label[1]").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375


@LANGUAGES
def test_a_typed_date_and_the_format_fit_a_trips_field_on_any_phone(
    page: Page, server: Server, page_errors: list[str], lang: str
) -> None:
    """A trip's entry and exit, side by side at any width, cut "28.08.2026" at 320 px and
    Kazakh's format (the widest) at 360 and 375: now the format is smaller and the two
    fields go one under the other when a date does not fit beside the other."""
    calculator = opened(page, server, lang)
    entry = new_trip_entry(calculator)
    exit_field = calculator.trips.last.locator('[name="exit"]')
    for width in (320, 360, 375, 414):
        page.set_viewport_size({"width": width, "height": 812})
        entry.fill("")
        format_shown = exit_field.get_attribute("placeholder")
        assert exit_field.evaluate(OVERFLOW)["placeholder"] <= 0, (width, format_shown)
        entry.fill(f"28{SEPARATOR[lang]}08{SEPARATOR[lang]}2026")
        assert entry.evaluate(OVERFLOW)["value"] <= 0, width
    # Side by side where they fit, as before.
    assert entry.bounding_box()["y"] == exit_field.bounding_box()["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 414


def test_the_calendar_button_sets_the_field(
    page: Page, server: Server, page_errors: list[str]
) -> None:
    calculator = opened(page, server, "ru/")
    entry = new_trip_entry(calculator)
    calculator.trips.last.locator('[data-action="pick-date"]').first.click()
    picker = calculator.trips.last.locator("input.date-picker")
    expect(picker).to_have_attribute("type", "date")
    picker.fill("2026-11-05")  # what the browser's calendar does when a day is chosen
    expect(entry).to_have_value("05.11.2026")
    expect(words(entry)).to_have_text(FIFTH_OF_NOVEMBER["ru/"])
    calculator.settle()
    assert calculator.stored()["travellers"][0]["stays"][0]["entry"] == "2026-11-05"
