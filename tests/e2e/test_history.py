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
from conftest import assets_of
from playwright.sync_api import Browser, Page, expect

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "history"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())
FORMATS = ["timeline.json", "location-history.json", "Records.json", "2024_MARCH.json",
           "track.gpx"]
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
        row.querySelector('[name=entry]').dataset.iso, row.querySelector('[name=exit]').dataset.iso,
        row.dataset.country, Number(row.querySelector('.history-points').textContent)])""")


def days_after(page: Page, action) -> dict[str, tuple[int, list[int]]]:
    """Do `action` (which asks the core for the days in every country), wait for the
    answer on the page, and read the table: {code: (12 months, [each year])}."""
    before = page.get_attribute("#history-days", "data-answered") or ""
    action()
    page.wait_for_function("""before => {
        const days = document.getElementById('history-days');
        return (days.dataset.answered || '') !== before && !days.dataset.asking; }""",
                           arg=before, timeout=IMPORT_TIMEOUT_MS)
    rows = page.eval_on_selector_all("#history-presence tbody tr", """rows => rows.map(r => [
        r.dataset.country, [...r.cells].slice(1).map(c => Number(c.textContent))])""")
    return {code: (cells[0], cells[1:]) for code, cells in rows}


def page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


# The fixtures' story on 1 April 2024 (the 12 months from 2 April 2023): the day of
# crossing counts for both countries (4 March for KZ and DE, 8 March for DE and CZ).
DAYS_ON_1_APRIL = {"KZ": (4, [4]), "DE": (5, [5]), "CZ": (3, [3]), "AT": (2, [2])}

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
    kz, de, cz = got[0], got[1], got[2]
    assert kz[1] == "2024-03-04"  # 00:30 in Almaty on the 4th is 19:30 UTC on the 3rd
    assert kz[1] == de[0] and de[1] == cz[0]  # a day of crossing: exit of one, entry of next
    assert not {"RU", "PL"} & {row[2] for row in got}  # flown over, not visited
    if phone:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page is {width} px wide"
    page.click("#history-confirm")
    expect(page.locator("#history-added")).to_be_visible()
    assert calculator.trips.count() == len(EXPECTED)
    days = days_after(page, lambda: page.locator("#history-days > summary").click())
    assert days == DAYS_ON_1_APRIL
    if phone:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"with the days table the page is {width} px wide"
    assert errors == []
    context.close()


KEYBOARD_CASES = [("en", None), ("ru", PHONE), ("kk", PHONE)]


@pytest.mark.parametrize(("lang", "viewport"), KEYBOARD_CASES)
def test_review_undo_and_days_with_the_keyboard(browser: Browser, server, tmp_path: Path,
                                                lang: str, viewport: dict | None) -> None:
    context = browser.new_context(service_workers="block", viewport=viewport,
                                  accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    calculator = Calculator(page, server.url + ("" if lang == "en" else f"{lang}/"))
    calculator.open("2024-04-01")
    page.locator("#history-import > summary").focus()
    page.keyboard.press("Enter")
    import_file(page, "Records.json")
    # Focus is on the first trip's tick box: leave out the first trip with the keyboard.
    assert page.evaluate("document.activeElement.name") == "include"
    page.keyboard.press("Space")
    confirm = page.locator("#history-confirm")
    if lang == "en":
        expect(confirm).to_have_text("Add 3 trips")
    expect(page.locator("#history-trips [name=include]:checked")).to_have_count(3)
    # From the tick box to the confirm button with Tab alone.
    for _ in range(40):
        if page.evaluate("document.activeElement.id") == "history-confirm":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "history-confirm"
    page.keyboard.press("Enter")
    if lang == "en":
        expect(page.locator("#history-added-text")).to_have_text("Added 3 trips to Traveller 1.")
    expect(page.locator("#history-added")).to_be_visible()
    assert calculator.trips.count() == 3
    assert page.evaluate("document.activeElement.id") == "history-undo"
    if viewport:
        assert page_width(page) <= viewport["width"], f"the page is {page_width(page)} px wide"
    page.keyboard.press("Enter")
    expect(page.locator("#history-added")).to_be_hidden()
    assert calculator.trips.count() == 0

    # Again, all four; then the table of days: border days count for both countries.
    import_file(page, "Records.json")
    page.locator("#history-confirm").focus()
    page.keyboard.press("Enter")
    page.locator("#history-days > summary").focus()
    days_after(page, lambda: page.keyboard.press("Enter"))

    def end_of_2024() -> None:
        page.fill("#history-window-end", "2024-12-31")
        page.locator("#history-window-end").dispatch_event("change")

    days = days_after(page, end_of_2024)
    assert days == {"KZ": (4, [4]), "DE": (5, [5]), "CZ": (3, [3]), "AT": (2, [2])}
    assert page.locator("#history-presence .history-mark").count() == 0
    if viewport:
        assert page_width(page) <= viewport["width"], f"the page is {page_width(page)} px wide"
    page.locator("#history-csv").focus()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    text = Path(download.value.path()).read_text()
    assert text.splitlines()[0] == "country,name,2024-01-01..2024-12-31,2024"
    # The page writes the core's numbers: the same as the command line's.
    trips = trips_csv(calculator, tmp_path / "trips.csv")
    cli = subprocess.run([sys.executable, "-m", "staycheck", str(trips), "--days-in-countries",
                          "--on", "2024-12-31"], capture_output=True, text=True, check=True)
    without_names = [[row[0], *row[2:]] for row in csv.reader(io.StringIO(text))]
    assert without_names == [[row[0], *row[2:]] for row in csv.reader(io.StringIO(cli.stdout))]
    assert errors == []
    context.close()


def trips_csv(calculator: Calculator, path: Path) -> Path:
    """The current traveller's trips, as the trips CSV the command line reads."""
    stored = calculator.stored()
    traveller = next(t for t in stored["travellers"] if t["id"] == stored["current"])
    lines = ["entry,exit,country,basis,note"] + [
        f"{s['entry']},{s['exit']},{s['country']},visa-free," for s in traveller["stays"]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


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
    days = days_after(page, lambda: page.locator("#history-days > summary").click())
    assert days == {"KZ": (183, [183])}
    # A trip typed while the table is open: the table follows.
    days = days_after(page, lambda: calculator.add_trip("2024-07-02", "2024-12-30", country="GE"))
    assert days == {"KZ": (183, [183]), "GE": (182, [182])}
    ge_marks = page.locator("#history-presence tbody tr[data-country='GE'] .history-mark")
    expect(ge_marks).to_have_count(0)
    mark = page.locator("#history-presence tbody tr[data-country='KZ'] .history-mark")
    expect(mark.first).to_have_text("183")
    expect(page.locator(".history-disclaimer")).to_contain_text("not tax advice")


BAD_FILES = {  # file: what the message names, in en, ru and kk
    "bad-not-history.json": ("not a location history", "не история местоположений",
                             "орналасу тарихы емес"),
    "bad-truncated.json": ("cut short", "обрывается", "үзіліп қалған"),
    "bad-json.json": ("not valid JSON", "не является корректным JSON", "дұрыс JSON емес"),
    "bad-no-points.json": ("no location points", "нет ни одной точки",
                           "бірде-бір орналасу нүктесі"),
    "bad-coordinates.json": ("latitude 95", "широта 95", "ендік 95"),
    "bad-version.gpx": ("GPX 2.0", "GPX 2.0", "GPX 2.0"),
    "bad-text.txt": ("not a location history", "не история местоположений",
                     "орналасу тарихы емес"),
}
NOTHING_IMPORTED = {"en": "Nothing was imported.", "ru": "Ничего не импортировано.",
                    "kk": "Ештеңе импортталмады."}


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_a_bad_file_is_named_and_changes_nothing(browser: Browser, server, lang: str) -> None:
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    calculator = Calculator(page, server.url + ("" if lang == "en" else f"{lang}/"))
    calculator.open("2024-04-01").choose("RU", "KZ")
    calculator.add_trip("2024-01-05", "2024-01-20")
    stored = calculator.stored()
    open_import(page)
    for name, words in BAD_FILES.items():
        import_file(page, name)
        error = page.locator("#history-error")
        expect(error).to_contain_text(words[("en", "ru", "kk").index(lang)])
        expect(error).to_contain_text(NOTHING_IMPORTED[lang])
        assert page.locator("#history-review").is_hidden(), name
        assert calculator.stored() == stored, name
    assert calculator.trips.count() == 1
    assert errors == []
    context.close()


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
    assert days_after(page, lambda: page.locator("#history-days > summary").click()) == \
        DAYS_ON_1_APRIL
    paths = [path for path, _host in own_server.requests[before:]]
    # The borders came when the import was opened, from the site.
    assets = f"/{assets_of(own_server.root)}"
    assert f"{assets}static/history/borders.json" in paths
    assert f"{assets}static/history/worker.js" in paths
    # The trips came from the calculator's Python: the import started no Python of its own.
    runtime = ("pyodide.asm.wasm", "pyodide.asm.mjs", "python_stdlib.zip", "core.zip")
    assert not [path for path in paths if path.endswith(runtime)], paths
    assert all(url.startswith(own_server.url) for url in seen), seen
    assert {host for _path, host in own_server.requests} == {own_server.url[7:-1]}
    context.close()


def test_the_borders_are_not_loaded_until_the_import_is_opened(calculator: Calculator,
                                                               server) -> None:
    before = len(server.requests)
    calculator.open("2024-04-01")
    assert not any("history/borders.json" in path for path, _ in server.requests[before:])
