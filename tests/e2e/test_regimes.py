"""Every regime a traveller's trips touch, one row each (issue 10, item 5), in English,
Russian and Kazakh at 375 px and from the keyboard; a country found by typing (item 9);
and the smaller findings of item 10: the basis from the rule data, an invitation for a new
visitor, a five-digit year, the .ics of an overstayer and of the Schengen area, the figures
and the basis list on a phone, the anchor kept by the language switch, "Sep" not "Sept".
The figures are the core's (tests/core/test_overview.py counts the same history)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from calculator import Calculator
from conftest import Server
from playwright.sync_api import Page, expect
from test_data import download

LANGUAGES = pytest.mark.parametrize("lang", ["en", "ru", "kk"])
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"

# A Kazakh passport on 28 Nov 2026: France in June-July (the Schengen area), Turkey in
# August, in Georgia since 1 Nov. Schengen: 49 of 90 used (1 Jun left the window); Turkey
# 20 of 90; Georgia 28 of 365 in this stay, to 31 Oct 2027.
ROWS = {
    "en": [
        ["Schengen area", "49 of 90 days used", "41 days left",
         "a full stay of 90 days from today"],
        ["Georgia", "28 of 365 days used in this stay", "337 days left",
         "last day 31 Oct 2027"],
        ["Turkey", "20 of 90 days used", "70 days left"],
    ],
    "ru": [
        ["Шенгенская зона", "использовано 49 из 90 дней", "остался 41 день",
         "полный срок в 90 дней — с сегодняшнего дня"],
        ["Грузия", "использовано 28 из 365 дней за этот въезд", "осталось 337 дней",
         "последний день — 31 окт. 2027 г."],
        ["Турция", "использовано 20 из 90 дней", "осталось 70 дней"],
    ],
    "kk": [
        ["Шенген", "90 күннің 49 күні пайдаланылды", "41 күн қалды",
         "толық 90 күндік мерзім — бүгіннен бастап"],
        ["Грузия", "осы сапарда 365 күннің 28 күні пайдаланылды", "337 күн қалды",
         "соңғы күн —"],
        ["Түркия", "90 күннің 20 күні пайдаланылды", "70 күн қалды"],
    ],
}
# Georgia's full answer, once its row is chosen.
GEORGIA_HEADLINE = {
    "en": "You may stay until 31 October 2027",
    "ru": "Можно оставаться до 31 октября 2027 г.",
    "kk": "31 қазан",
}


def on_phone(page: Page, server: Server, lang: str, today: str) -> Calculator:
    page.set_viewport_size({"width": 375, "height": 812})
    return Calculator(page, server.url + ("" if lang == "en" else f"{lang}/")).open(today)


def fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def rows(page: Page) -> list[str]:
    return [" ".join(text.split()) for text in
            page.locator("#overview-list .overview-row").all_inner_texts()]


@LANGUAGES
def test_every_regime_the_trips_touch_has_a_row_and_a_row_chooses_its_destination(
    page: Page, server: Server, page_errors, lang: str
) -> None:
    calculator = on_phone(page, server, lang, "2026-11-28").choose("KZ", "DE")
    calculator.add_trip("2026-06-01", "2026-07-20", country="FR")
    calculator.add_trip("2026-08-01", "2026-08-20", country="TR")
    calculator.add_trip("2026-11-01", country="GE")
    expect(page.locator("#overview")).to_be_visible()
    shown = rows(page)
    assert len(shown) == 3
    for text, expected in zip(shown, ROWS[lang], strict=True):
        for part in expected:
            assert part in text, (part, text)
    # The chosen one is expanded: it carries the answer's headline too.
    chosen = page.locator("#overview-list .chosen")
    expect(chosen).to_have_count(1)
    assert calculator.headline in " ".join(chosen.inner_text().split())
    fits_the_phone(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#answer").screenshot(path=SHOTS / f"overview-{lang}.png")

    # From the keyboard: Tab reaches the rows' buttons; Enter on Georgia's chooses it.
    page.focus("#overview-list .chosen .overview-box")
    page.keyboard.press("Tab")
    expect(page.locator("#overview-list button").first).to_be_focused()
    page.keyboard.press("Enter")
    calculator.settle()
    expect(page.locator("#destination")).to_have_value("GE")
    assert GEORGIA_HEADLINE[lang] in calculator.headline
    expect(page.locator("#overview-list .chosen .overview-box")).to_be_focused()
    assert ROWS[lang][1][0] in rows(page)[0]
    # Space works as well: back to the Schengen area (now the second row).
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator("#overview-list button").nth(1)).to_be_focused()
    page.keyboard.press(" ")
    calculator.settle()
    expect(page.locator("#destination")).to_have_value("FR")
    assert calculator.stored()["travellers"][0]["destination"] == "FR"


def test_one_regime_only_needs_no_rows(calculator: Calculator) -> None:
    calculator.open("2026-11-28").choose("RU", "KZ")
    calculator.add_trip("2026-11-01")
    expect(calculator.page.locator("#overview")).to_be_hidden()


@pytest.mark.parametrize(
    ("lang", "typed", "field", "code"),
    [("kk", "Өзб", "#nationality", "UZ"), ("en", "aland", "#nationality", "AX"),
     ("ru", "герм", "#destination", "DE"), ("en", "kingdom", "#nationality", "GB")],
    ids=["kk-prefix", "en-accents", "ru-destination", "en-inside-the-name"],
)
def test_a_country_is_found_by_typing_part_of_its_name(
    page: Page, server: Server, page_errors, lang: str, typed: str, field: str, code: str
) -> None:
    calculator = on_phone(page, server, lang, "2026-11-28")
    finder = page.locator(f'.country-find[data-finds="{field}"]')
    finder.focus()
    # Offered as suggestions too, in the list's order.
    assert page.evaluate("(id) => document.getElementById(id).options.length",
                         finder.get_attribute("list")) > 5
    page.keyboard.type(typed)
    calculator.settle()
    expect(page.locator(field)).to_have_value(code)
    page.keyboard.press("Enter")  # on to the list, which shows the choice
    expect(page.locator(field)).to_be_focused()
    fits_the_phone(page)


def test_a_trip_s_country_is_found_by_typing(calculator: Calculator) -> None:
    calculator.open("2026-11-28").choose("US", "FR")
    trip = calculator.add_trip("2026-11-01")
    trip.locator(".country-find").fill("ital")
    calculator.settle()
    expect(trip.locator('[name="country"]')).to_have_value("IT")
    assert calculator.stored()["travellers"][0]["stays"][0]["country"] == "IT"
    trip.locator(".country-find").fill("zzz")
    expect(trip.locator(".country-find")).to_have_class("country-find no-match")


def test_a_new_trip_s_basis_is_the_rule_data_s(calculator: Calculator) -> None:
    """Kazakhs travel to the Schengen area on a visa (the rule's own note, and its data):
    a new trip there is on a visa; moved to Georgia, it is visa-free; a US passport's is
    visa-free. A basis the user chose stays."""
    calculator.open("2026-11-28").choose("KZ", "DE")
    trip = calculator.add_trip("2026-06-01", "2026-06-10")
    expect(trip.locator('[name="basis"]')).to_have_value("visa")
    second = calculator.add_trip("2026-08-01", "2026-08-05", country="GE")
    expect(second.locator('[name="basis"]')).to_have_value("visa-free")
    third = calculator.add_trip("2026-09-01", "2026-09-05", basis="residence")
    third.locator('[name="country"]').select_option("FR")
    calculator.settle()
    expect(third.locator('[name="basis"]')).to_have_value("residence")
    bases = [stay["basis"] for stay in calculator.stored()["travellers"][0]["stays"]]
    assert bases == ["visa", "visa-free", "residence"]
    calculator.add_traveller("Sam")
    calculator.select_country("#nationality", "US")
    calculator.settle()
    us_trip = calculator.add_trip("2026-06-01", "2026-06-10")
    expect(us_trip.locator('[name="basis"]')).to_have_value("visa-free")


@LANGUAGES
def test_a_new_visitor_is_invited_not_answered(
    page: Page, server: Server, page_errors, lang: str
) -> None:
    calculator = on_phone(page, server, lang, "2026-11-28")
    expect(page.locator("#invitation")).to_be_visible()
    expect(page.locator("#verdict")).to_be_hidden()
    fits_the_phone(page)
    calculator.add_trip("2026-11-01")
    expect(page.locator("#invitation")).to_be_hidden()
    expect(page.locator("#verdict")).to_be_visible()


def test_a_five_digit_year_says_what_is_wrong(calculator: Calculator) -> None:
    page = calculator.page
    calculator.open("2026-11-28")
    page.click("#add-trip")
    entry = calculator.trips.last.locator('[name="entry"]')
    entry.focus()
    page.keyboard.type("010520266")  # day, month, then a year of five digits
    calculator.settle()
    expect(entry).to_have_value("010520266")  # kept on screen, not stored
    assert calculator.stored()["travellers"][0]["stays"][0]["entry"] == ""
    words = calculator.trips.last.locator('[data-words="entry"]')
    expect(words).to_have_text("Type the year with four figures.")
    hint = calculator.trips.last.locator("[data-hint]")
    expect(hint).to_have_text("Check the entry date. Until then this trip is not counted.")


def test_the_calendar_of_an_overstayer_has_no_last_day_in_the_past(
    calculator: Calculator,
) -> None:
    """In Kazakhstan since 1 May on 5 Sep 2026: over since 30 Jul. No "last day" event
    (it would be 29 Jul, gone); the return on 5 Dec if leaving today is kept."""
    calculator.open("2026-09-05").choose("RU", "KZ")
    calculator.add_trip("2026-05-01")
    ics = download(calculator, "#export-ics").replace("\r\n ", "")
    assert "Last day to stay" not in ics
    assert "DTSTART;VALUE=DATE:20261205" in ics


def test_schengen_events_are_named_after_the_area(calculator: Calculator) -> None:
    calculator.open("2026-11-28").choose("US", "DE")
    calculator.add_trip("2026-11-01", country="FR")
    ics = download(calculator, "#export-ics").replace("\r\n ", "")
    assert "SUMMARY:Last day to stay in the Schengen area" in ics
    assert "Germany" not in ics


@LANGUAGES
def test_on_a_phone_the_ranges_keep_to_a_line_and_no_basis_is_cut_off(
    page: Page, server: Server, page_errors, lang: str
) -> None:
    calculator = on_phone(page, server, lang, "2026-11-28").choose("RU", "KZ")
    calculator.add_trip("2026-10-01")
    lines = page.evaluate(
        """() => [...document.querySelectorAll('#facts .fact-detail, #facts strong')].map(
            (el) => Math.round(el.getBoundingClientRect().height
                               / parseFloat(getComputedStyle(el).lineHeight)))"""
    )
    assert lines[:2] == [1, 1]  # the days used and their window's range
    assert max(lines) <= 2
    # Every basis of stay fits its list's box (measured with the list's own font).
    spare = page.evaluate(
        """() => [...document.querySelectorAll('.trip [name=basis]')].map((select) => {
            const style = getComputedStyle(select);
            const pen = document.createElement('canvas').getContext('2d');
            pen.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            const widest = Math.max(...[...select.options].map(
                (option) => pen.measureText(option.textContent).width));
            return select.clientWidth - parseFloat(style.paddingLeft)
                - parseFloat(style.paddingRight) - 16 - widest; })"""
    )
    assert spare and min(spare) >= 0, spare
    fits_the_phone(page)


def test_the_language_links_carry_the_page_s_anchor(
    page: Page, server: Server, page_errors
) -> None:
    Calculator(page, server.url).open("2026-11-28")
    page.goto(server.url + "#rule")
    link = page.locator('.languages [data-language="ru"]')
    expect(link).to_have_attribute("href", server.url + "ru/index.html#rule")
    page.evaluate("location.hash = '#overstays'")
    expect(link).to_have_attribute("href", server.url + "ru/index.html#overstays")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/ru/**")
    assert page.url.endswith("#overstays")


def test_september_is_sep_everywhere_in_english(calculator: Calculator) -> None:
    """The rule data writes "Sep"; the answer's dates (Intl, en-GB) and the rule panel's
    headings (Babel, en-GB) said "Sept"."""
    page = calculator.page
    calculator.open("2026-09-20").choose("KZ", "KG")
    calculator.add_trip("2026-09-01")
    assert "since 1 Sep 2026" in calculator.facts["This stay"]
    rule = page.locator("#rule .regime:not([hidden])")
    expect(rule).to_contain_text("1 Sep 2025")
    # "Sept" as a word: "September" in full is right ("20 September 2026, Sunday" under
    # the day's field; the date in words wrote "Sepember" while this read "Sept" in it).
    text = page.locator("main").inner_text()
    assert not re.search(r"\bSept\b", text)
    assert "September" in text and "Sepember" not in text
