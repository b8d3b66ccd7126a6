"""The location-history import in the browser: every fixture format (tests/fixtures/history/)
from the page, on a desktop and on a 375 px phone, in English, Russian and Kazakh, gives
the trips the command line gives; review, undo and the days-per-country table work with
the keyboard; broken files are named and change nothing; no request leaves the origin."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from calculator import Calculator
from playwright.sync_api import Browser, Page, expect

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "history"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())
FORMATS = ["timeline.json", "Records.json", "2024_MARCH.json", "track.gpx"]
PHONE = {"width": 375, "height": 740}
IMPORT_TIMEOUT_MS = 60_000


def command_line_trips(name: str) -> list[tuple[str, str, str, int]]:
    run = subprocess.run([sys.executable, "-m", "staycheck", "--from-history",
                          str(FIXTURES / name)], capture_output=True, text=True, check=True)
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    points = [int(row["note"].split(": ")[1].split(" ")[0]) for row in rows]
    return [(r["entry"], r["exit"], r["country"], n) for r, n in zip(rows, points, strict=True)]


def open_import(page: Page) -> None:
    page.locator("#history-import > summary").click()


def import_file(page: Page, name: str) -> None:
    page.set_input_files("#history-file", str(FIXTURES / name))
    done = "#history-import[data-state='review'], #history-import[data-state='error']"
    page.wait_for_selector(done, timeout=IMPORT_TIMEOUT_MS)


def page_trips(page: Page) -> list[tuple[str, str, str, int]]:
    return page.eval_on_selector_all("#history-trips tr", """rows => rows.map(row => [
        row.querySelector('[name=entry]').value, row.querySelector('[name=exit]').value,
        row.dataset.country, Number(row.querySelector('.history-points').textContent)])""")


CASES = [(name, lang) for name in FORMATS for lang in ("en", "ru", "kk")]


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_each_format_imports_as_the_command_line_reads_it(
        browser: Browser, server, name: str, lang: str) -> None:
    phone = lang != "en"
    context = browser.new_context(service_workers="block", viewport=PHONE if phone else None)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    calculator = Calculator(page, server.url + ("" if lang == "en" else f"{lang}/"))
    calculator.open("2024-04-01")
    open_import(page)
    import_file(page, name)
    got = [tuple(row) for row in page_trips(page)]
    assert got == command_line_trips(name)
    # Known trips: the day of crossing counts for both, the flight over Russia and Poland
    # for neither, and 00:30 in Almaty (19:30 UTC) is on the 4th.
    assert [row[:3] for row in got] == [(t["entry"], t["exit"], t["country"]) for t in EXPECTED]
    if phone:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page is {width} px wide"
    page.click("#history-confirm")
    expect(page.locator("#history-added")).to_be_visible()
    assert calculator.trips.count() == len(EXPECTED)
    page.locator("#history-days > summary").click()
    expect(page.locator("#history-presence tbody tr")).to_have_count(len(EXPECTED))
    if phone:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"with the days table the page is {width} px wide"
    assert errors == []
    context.close()


def test_review_undo_and_days_with_the_keyboard(calculator: Calculator) -> None:
    page = calculator.page
    calculator.open("2024-04-01")
    page.locator("#history-import > summary").focus()
    page.keyboard.press("Enter")
    import_file(page, "Records.json")
    # Focus is on the first trip's tick box: leave out the first trip with the keyboard.
    assert page.evaluate("document.activeElement.name") == "include"
    page.keyboard.press("Space")
    confirm = page.locator("#history-confirm")
    expect(confirm).to_have_text("Add 3 trips")
    confirm.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#history-added-text")).to_have_text("Added 3 trips to Traveller 1.")
    assert calculator.trips.count() == 3
    assert page.evaluate("document.activeElement.id") == "history-undo"
    page.keyboard.press("Enter")
    expect(page.locator("#history-added")).to_be_hidden()
    assert calculator.trips.count() == 0

    # Again, all four; then the table of days: border days count for both countries.
    import_file(page, "Records.json")
    page.locator("#history-confirm").focus()
    page.keyboard.press("Enter")
    page.locator("#history-days > summary").focus()
    page.keyboard.press("Enter")
    page.fill("#history-window-end", "2024-12-31")
    page.locator("#history-window-end").dispatch_event("change")
    days = page.eval_on_selector_all("#history-presence tbody tr", """rows => Object.fromEntries(
        rows.map(r => [r.dataset.country, Number(r.cells[1].textContent)]))""")
    assert days == {"KZ": 4, "DE": 5, "CZ": 3, "AT": 2}
    assert page.locator("#history-presence .history-mark").count() == 0
    with page.expect_download() as download:
        page.click("#history-csv")
    text = Path(download.value.path()).read_text()
    assert text.splitlines()[0] == "country,name,2024-01-01..2024-12-31,2024"
    assert "DE,Germany,5,5" in text.splitlines()


def test_a_trip_already_recorded_is_matched_not_added_again(calculator: Calculator) -> None:
    page = calculator.page
    calculator.open("2024-04-01")
    open_import(page)
    import_file(page, "timeline.json")
    page.click("#history-confirm")
    import_file(page, "timeline.json")
    assert page.eval_on_selector_all("#history-trips [name=include]",
                                     "boxes => boxes.map(b => b.checked)") == [False] * 4
    expect(page.locator("#history-trips tr").first).to_contain_text("already recorded")
    expect(page.locator("#history-confirm")).to_be_disabled()


def test_the_183_day_mark_is_highlighted(calculator: Calculator) -> None:
    page = calculator.page
    calculator.open("2024-12-31").choose("RU", "KZ")
    calculator.add_trip("2024-01-01", "2024-07-01")  # 183 days
    page.locator("#history-days > summary").click()
    mark = page.locator("#history-presence tbody tr[data-country='KZ'] .history-mark")
    expect(mark.first).to_have_text("183")
    expect(page.locator(".history-disclaimer")).to_contain_text("not tax advice")


@pytest.mark.parametrize(("name", "words"), [
    ("bad-not-history.json", "not a location history"),
    ("bad-truncated.json", "cut short"),
    ("bad-no-points.json", "no location points"),
    ("bad-coordinates.json", "latitude 95"),
    ("bad-version.gpx", "GPX 2.0"),
    ("bad-text.txt", "not a location history"),
])
def test_a_bad_file_is_named_and_changes_nothing(calculator: Calculator, name: str,
                                                 words: str) -> None:
    page = calculator.page
    calculator.open("2024-04-01").choose("RU", "KZ")
    calculator.add_trip("2024-01-05", "2024-01-20")
    open_import(page)
    import_file(page, name)
    expect(page.locator("#history-error")).to_contain_text(words)
    expect(page.locator("#history-error")).to_contain_text("Nothing was imported.")
    assert calculator.trips.count() == 1
    assert page.locator("#history-review").is_hidden()


def test_no_request_leaves_the_origin_during_an_import(browser: Browser, own_server) -> None:
    context = browser.new_context(service_workers="block")
    seen: list[str] = []
    context.on("request", lambda request: seen.append(request.url))
    page = context.new_page()
    calculator = Calculator(page, own_server.url)
    calculator.open("2024-04-01")
    before = len(own_server.requests)
    open_import(page)
    import_file(page, "Records.json")
    page.click("#history-confirm")
    paths = [path for path, _host in own_server.requests[before:]]
    # The borders and the import's Python came when the import was opened, from the site.
    assert "/static/history/borders.json" in paths
    assert "/static/history/worker.js" in paths
    assert all(url.startswith(own_server.url) for url in seen), seen
    assert {host for _path, host in own_server.requests} == {own_server.url[7:-1]}
    context.close()


def test_the_borders_are_not_loaded_until_the_import_is_opened(calculator: Calculator,
                                                               server) -> None:
    before = len(server.requests)
    calculator.open("2024-04-01")
    assert not any("history/borders.json" in path for path, _ in server.requests[before:])
