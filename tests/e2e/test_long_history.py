"""Long histories (issue 10, items 6 and 7): the trips by year, the old years folded and
opened with the keyboard, a search by date, country or note, a trip with a problem kept in
sight; the CSV the page exports imported back, a bad one refused with its line and column;
the planned trip carried by the JSON export."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from calculator import Calculator
from playwright.sync_api import Page, expect

TODAY = "2026-11-28"

# What the page says, per language: a year's count of trips, a search's result.
WORDS = {
    "": {"trips": "12 trips", "found": "1 trip found", "none": "No trip matches"},
    "ru/": {"trips": "12 поездок", "found": "Найдена 1 поездка", "none": "Нет поездок по запросу"},
    "kk/": {"trips": "12 сапар", "found": "1 сапар табылды", "none": "сапар табылмады"},
}


def history(*, unfinished: bool = True, broken: str | None = None) -> dict:
    """12 one-week trips a year from 2019 to 2024 (72); one of 2020 not finished (no exit),
    one of 2021 noted "Almaty conference"; `broken`: a 2019 trip's exit before its entry."""
    stays = []
    for year in range(2019, 2025):
        for month in range(1, 13):
            entry = date(year, month, 3)
            stays.append({"id": f"s{year}-{month}", "entry": entry.isoformat(),
                          "exit": (entry + timedelta(days=6)).isoformat(), "ongoing": False,
                          "country": "KZ", "basis": "visa-free", "note": ""})
    by_id = {stay["id"]: stay for stay in stays}
    if unfinished:
        by_id["s2020-5"]["exit"] = ""
    by_id["s2021-7"]["note"] = "Almaty conference"
    if broken:
        by_id["s2019-4"]["exit"] = broken
    traveller = {"id": "t", "name": "", "nationality": "RU", "destination": "KZ",
                 "plan": None, "stays": stays}
    return {"schema": 1, "current": "t", "travellers": [traveller]}


def open_with(page: Page, url: str, document: dict) -> Calculator:
    calculator = Calculator(page, url).open(TODAY)
    page.evaluate("(raw) => localStorage.setItem('staycheck', raw)", json.dumps(document))
    return calculator.reload()


def year(page: Page, key: str):
    return page.locator(f'#trip-list .trip-year[data-year="{key}"]')


@pytest.mark.parametrize("lang", ["", "ru/", "kk/"])
def test_a_long_history_is_folded_by_year_and_found_with_the_keyboard_on_a_phone(
    page: Page, server, page_errors, lang: str
) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    open_with(page, server.url + lang, history())
    words = WORDS[lang]
    years = page.locator("#trip-list .trip-year")
    expect(years).to_have_count(6)
    # The latest year and the year of the unfinished trip are open, the others folded,
    # and a folded year's trips are not drawn at all.
    open_years = page.locator("#trip-list .trip-year[open]")
    expect(open_years).to_have_count(2)
    assert [d.get_attribute("data-year") for d in open_years.all()] == ["2020", "2024"]
    expect(page.locator("#trip-list .trip")).to_have_count(24)
    expect(year(page, "2019").locator(".trip")).to_have_count(0)
    expect(year(page, "2019").locator("summary")).to_contain_text(words["trips"])
    unfinished = page.locator('.trip[data-id="s2020-5"]')
    expect(unfinished).to_be_visible()
    expect(year(page, "2020").locator(".year-unfinished")).to_be_visible()

    # Keyboard only: from the search box, Tab reaches 2019's heading, Enter opens it.
    page.locator("#trip-find").focus()
    page.keyboard.press("Tab")
    expect(year(page, "2019").locator("summary")).to_be_focused()
    page.keyboard.press("Enter")
    expect(year(page, "2019")).to_have_attribute("open", "")
    expect(year(page, "2019").locator(".trip")).to_have_count(12)
    page.keyboard.press("Enter")
    expect(year(page, "2019").locator(".trip").first).to_be_hidden()

    # A search: a word of a note, then a day inside a trip, then nothing.
    page.keyboard.press("Shift+Tab")
    expect(page.locator("#trip-find")).to_be_focused()
    page.keyboard.type("almaty")
    expect(page.locator("#trip-list .trip")).to_have_count(1)
    expect(page.locator("#trip-find-status")).to_have_text(words["found"])
    page.keyboard.press("Tab")
    expect(page.locator('.trip[data-id="s2021-7"] [name="entry"]')).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("2022-03-05")
    expect(page.locator("#trip-list .trip")).to_have_count(1)
    expect(page.locator('.trip[data-id="s2022-3"]')).to_be_visible()
    page.keyboard.press("Control+A")
    page.keyboard.type("zanzibar")
    expect(page.locator("#trip-list .trip")).to_have_count(0)
    expect(page.locator("#trip-find-status")).to_contain_text(words["none"])
    page.keyboard.press("Escape")  # a search field's own way to clear it
    expect(years).to_have_count(6)
    # Nothing sticks out of a 375 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_trip_an_answer_names_is_shown_in_its_folded_year(calculator: Calculator) -> None:
    page = calculator.page
    open_with(page, calculator.url, history(unfinished=False, broken="2019-04-01"))
    # The core refuses a trip whose exit is before its entry: its 2019 is opened for it.
    trip = page.locator('.trip[data-id="s2019-4"]')
    expect(trip).to_be_visible()
    expect(trip.locator('[name="exit"]')).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#answer-problem")).to_contain_text("Trip 4: ")
    expect(year(page, "2019")).to_have_attribute("open", "")
    expect(year(page, "2020")).not_to_have_attribute("open", "")


def test_a_new_trip_and_an_edit_in_a_long_history(calculator: Calculator) -> None:
    page = calculator.page
    open_with(page, calculator.url, history(unfinished=False))
    page.locator("#trip-find").fill("2021")
    calculator.add_trip("2026-11-20", note="the new one")
    # The search is cleared so that the new trip is seen, and it is saved.
    expect(page.locator("#trip-find")).to_have_value("")
    stored = calculator.stored()["travellers"][0]["stays"]
    assert (stored[-1]["entry"], stored[-1]["ongoing"], len(stored)) == ("2026-11-20", True, 73)
    assert calculator.headline == "You may stay until 17 February 2027"


def upload(page: Page, name: str, content: str, kind: str = "text/csv") -> None:
    page.set_input_files("#import-file",
                         files=[{"name": name, "mimeType": kind, "buffer": content.encode()}])


def download(page: Page, button: str) -> str:
    with page.expect_download() as info:
        page.click(button)
    return Path(info.value.path()).read_text(encoding="utf-8")


def erase(calculator: Calculator) -> None:
    calculator.page.once("dialog", lambda dialog: dialog.accept())
    calculator.page.click("#erase")
    calculator.settle()


def test_the_csv_export_imports_back_and_a_bad_table_names_line_and_column(
    calculator: Calculator,
) -> None:
    page = calculator.page
    calculator.open("2023-04-20").choose("RU", "KZ")
    page.fill("#traveller-name", "Anna")
    calculator.add_trip("2023-02-01", "2023-04-01", basis="visa", note='first, with a "comma"')
    calculator.add_trip("2023-04-10", note="=still here")
    page.click("#add-trip")  # a trip not filled in yet: it goes out and comes back too
    page.locator("#trip-list .trip").last.locator('[name="entry"]').fill("2023-05-01")
    calculator.settle()
    before = (calculator.trip_dates(), calculator.headline)
    notes = [t.input_value() for t in page.locator('.trip [name="note"]').all()]
    table = download(page, "#export-csv")

    erase(calculator)
    assert calculator.trip_dates() == []
    upload(page, "staycheck.csv", table)
    calculator.settle()
    expect(page.locator("#data-message")).to_contain_text("Imported 1 traveller")
    assert (calculator.trip_dates(), calculator.headline) == before
    assert [t.input_value() for t in page.locator('.trip [name="note"]').all()] == notes
    assert page.locator("#traveller-name").input_value() == "Anna"
    assert page.locator('.trip [name="basis"]').first.input_value() == "visa"

    # The command line's table: one traveller, named after the file.
    upload(page, "trips.csv", "entry,exit,country,basis,note\n2023-01-05,2023-01-09,kz,,\n")
    calculator.settle()
    expect(page.locator("#traveller-tabs button", has_text="trips")).to_have_attribute(
        "aria-pressed", "true")
    assert calculator.trip_dates() == [("2023-01-05", "2023-01-09", False)]

    stored = page.evaluate("localStorage.getItem('staycheck')")
    message = page.locator("#data-message")
    for content, expected in [
        ("entry,exit,country\n2023-01-05,2023-01-09,KZ\n2023-02-30,,KZ\n",
         "Line 3, column “entry”: the entry is not a date"),
        ("entry,exit,country,basis\n2023-01-05,2023-01-09,KZ,tourist\n",
         "Line 2, column “basis”: unknown basis of stay"),
        ("entry,exit,country\n2023-01-05,2023-01-01,KZ\n",
         "Line 2, column “exit”: the exit is before the entry"),
    ]:
        upload(page, "bad.csv", content)
        expect(message).to_have_text(f"Nothing was imported. {expected}")
        assert page.evaluate("localStorage.getItem('staycheck')") == stored


@pytest.mark.parametrize("lang", ["ru/", "kk/"])
def test_a_bad_table_is_explained_in_the_page_s_language(page: Page, server, page_errors,
                                                         lang: str) -> None:
    Calculator(page, server.url + lang).open("2023-04-20")
    upload(page, "bad.csv", "entry,exit,country\n2023-01-05,2023-01-09,XX\n")
    expected = {"ru/": "Строка 2, столбец «country»", "kk/": "2-жол, «country» бағаны"}[lang]
    expect(page.locator("#data-message")).to_contain_text(expected)


def test_the_json_export_carries_the_planned_trip(calculator: Calculator) -> None:
    page = calculator.page
    calculator.open("2023-04-20").choose("RU", "KZ")
    calculator.add_trip("2023-02-01", "2023-03-01")
    page.fill("#plan-entry", "2023-06-01")
    page.fill("#plan-exit", "2023-06-20")
    calculator.settle()
    answer = calculator.plan_answer
    exported = download(page, "#export-json")
    assert json.loads(exported)["travellers"][0]["plan"] == {"entry": "2023-06-01",
                                                            "exit": "2023-06-20"}
    erase(calculator)
    assert Calculator.date(page.locator("#plan-entry")) == ""
    upload(page, "staycheck.json", exported, "application/json")
    calculator.settle()
    assert Calculator.date(page.locator("#plan-entry")) == "2023-06-01"
    assert Calculator.date(page.locator("#plan-exit")) == "2023-06-20"
    assert calculator.plan_answer == answer
