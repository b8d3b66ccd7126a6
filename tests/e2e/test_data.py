"""The traveller's data: kept across reloads, kept apart per traveller, exported,
erased and imported back, never run as markup."""

from __future__ import annotations

import json
from pathlib import Path

from calculator import Calculator
from playwright.sync_api import expect

MARKUP_NOTE = '<img src=x onerror="window.pwned = 1"><script>window.pwned = 2</script>'


def download(calculator: Calculator, button: str) -> str:
    with calculator.page.expect_download() as info:
        calculator.page.click(button)
    return Path(info.value.path()).read_bytes().decode("utf-8")


def upload(calculator: Calculator, name: str, content: bytes) -> None:
    calculator.page.set_input_files(
        "#import-file", files=[{"name": name, "mimeType": "application/json", "buffer": content}]
    )


def erase(calculator: Calculator) -> None:
    calculator.page.once("dialog", lambda dialog: dialog.accept())
    calculator.page.click("#erase")
    calculator.settle()


def test_a_reload_keeps_everything_and_two_travellers_stay_apart(calculator: Calculator) -> None:
    calculator.open("2023-04-20").choose("RU", "KZ")
    calculator.page.fill("#traveller-name", "Anna")
    calculator.add_trip("2023-02-01", "2023-04-01", note="work")
    calculator.add_trip("2023-04-10")
    calculator.plan("2023-09-01")
    anna_headline = calculator.headline

    calculator.add_traveller("Boris")
    calculator.page.select_option("#nationality", "US")
    calculator.page.select_option("#destination", "DE")
    calculator.settle()
    calculator.add_trip("2023-03-01", "2023-03-05", country="DE")
    assert calculator.trip_dates() == [("2023-03-01", "2023-03-05", False)]
    boris_headline = calculator.headline
    assert boris_headline != anna_headline

    calculator.reload()
    expect(calculator.page.locator("#traveller-tabs button")).to_have_text(["Anna", "Boris"])
    # The traveller on screen before the reload is still the one shown.
    assert calculator.page.input_value("#traveller-name") == "Boris"
    assert calculator.page.input_value("#destination") == "DE"
    assert calculator.trip_dates() == [("2023-03-01", "2023-03-05", False)]
    assert calculator.headline == boris_headline

    calculator.switch_to("Anna")
    assert calculator.page.input_value("#nationality") == "RU"
    assert calculator.trip_dates() == [
        ("2023-02-01", "2023-04-01", False),
        ("2023-04-10", "", True),
    ]
    assert calculator.trips.first.locator('[name="note"]').input_value() == "work"
    assert calculator.page.input_value("#plan-entry") == "2023-09-01"
    assert calculator.headline == anna_headline == "You may stay until 9 May 2023"

    stored = calculator.stored()
    assert stored["schema"] == 1
    assert [t["name"] for t in stored["travellers"]] == ["Anna", "Boris"]


def test_export_then_erase_then_import_gives_back_the_same_trips(calculator: Calculator) -> None:
    calculator.open("2023-04-20").choose("RU", "KZ")
    calculator.page.fill("#traveller-name", "Anna")
    calculator.add_trip("2023-02-01", "2023-04-01", basis="visa-free", note="first, with a comma")
    calculator.add_trip("2023-04-10", note="still here")
    calculator.add_traveller("Boris")
    calculator.add_trip("2023-01-05", "2023-01-20", basis="visa")

    exported = download(calculator, "#export-json")
    document = json.loads(exported)
    assert document == {
        "format": "staycheck",
        "version": 1,
        "travellers": [
            {
                "name": "Anna",
                "nationality": "RU",
                "destination": "KZ",
                "stays": [
                    {
                        "entry": "2023-02-01",
                        "exit": "2023-04-01",
                        "country": "KZ",
                        "basis": "visa-free",
                        "note": "first, with a comma",
                    },
                    {
                        "entry": "2023-04-10",
                        "exit": None,
                        "country": "KZ",
                        "basis": "visa-free",
                        "note": "still here",
                    },
                ],
            },
            {
                "name": "Boris",
                "nationality": "RU",
                "destination": "KZ",
                "stays": [
                    {
                        "entry": "2023-01-05",
                        "exit": "2023-01-20",
                        "country": "KZ",
                        "basis": "visa",
                        "note": "",
                    },
                ],
            },
        ],
    }

    csv = download(calculator, "#export-csv").splitlines()
    assert csv[0] == "traveller,nationality,destination,entry,exit,country,basis,days,note"
    assert csv[1] == 'Anna,RU,KZ,2023-02-01,2023-04-01,KZ,visa-free,60,"first, with a comma"'
    assert csv[2] == "Anna,RU,KZ,2023-04-10,,KZ,visa-free,11,still here"

    erase(calculator)
    assert calculator.trip_dates() == []
    expect(calculator.page.locator("#traveller-tabs button")).to_have_count(1)

    upload(calculator, "staycheck.json", exported.encode())
    calculator.settle()
    expect(calculator.page.locator("#data-message")).to_contain_text("Imported 2 travellers")
    expect(calculator.page.locator("#traveller-tabs button")).to_have_text(["Anna", "Boris"])
    assert json.loads(download(calculator, "#export-json")) == document
    calculator.switch_to("Anna")
    assert calculator.headline == "You may stay until 9 May 2023"


def test_the_calendar_file_has_the_last_day_and_the_return_date(calculator: Calculator) -> None:
    calculator.open("2023-04-20").choose("RU", "KZ")
    calculator.add_trip("2023-02-01", "2023-04-01")
    calculator.add_trip("2023-04-10")
    ics = download(calculator, "#export-ics")
    assert ics.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert ics.rstrip().endswith("END:VCALENDAR")
    assert "DTSTART;VALUE=DATE:20230509\r\nDTEND;VALUE=DATE:20230510" in ics
    assert "SUMMARY:Last day to stay in Kazakhstan" in ics
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))


def test_a_broken_import_changes_nothing(calculator: Calculator) -> None:
    calculator.open("2023-04-20").choose("RU", "KZ")
    calculator.add_trip("2023-02-01", "2023-04-01")
    before = calculator.page.evaluate("localStorage.getItem('staycheck')")
    message = calculator.page.locator("#data-message")

    newer = {"format": "staycheck", "version": 2, "travellers": []}
    bad_stay = {
        "format": "staycheck",
        "version": 1,
        "travellers": [
            {
                "name": "X",
                "nationality": "RU",
                "destination": "KZ",
                "stays": [
                    {"entry": "2023-01-01", "exit": "2023-01-05"},
                    {"entry": "2023-02-30", "exit": None},
                ],
            },
        ],
    }
    cases = [
        ("notes.txt", b"hello, not json", "it is not JSON"),
        ("other.json", json.dumps({"trips": []}).encode(), "This is not a Staycheck file"),
        ("newer.json", json.dumps(newer).encode(), "made by a newer version of Staycheck"),
        ("bad.json", json.dumps(bad_stay).encode(), "stay 2: the entry is not a date"),
        ("huge.json", b" " * 2_000_000, "too large"),
    ]
    for name, content, expected in cases:
        upload(calculator, name, content)
        expect(message).to_contain_text("Nothing was imported.")
        expect(message).to_contain_text(expected)
        assert calculator.page.evaluate("localStorage.getItem('staycheck')") == before, name
        assert calculator.trip_dates() == [("2023-02-01", "2023-04-01", False)]


def test_markup_in_a_note_or_a_name_shows_as_text(calculator: Calculator) -> None:
    page = calculator.page
    calculator.open("2023-04-20")
    page.fill("#traveller-name", MARKUP_NOTE)
    calculator.add_trip("2023-04-01", "2023-04-05", note=MARKUP_NOTE)
    calculator.reload()

    assert calculator.trips.first.locator('[name="note"]').input_value() == MARKUP_NOTE
    expect(page.locator("#traveller-tabs button")).to_have_text([MARKUP_NOTE])
    # The printed summary shows the note in a table cell, as text.
    expect(page.locator("#print-trips tbody td").last).to_have_text(MARKUP_NOTE)
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("window.pwned") is None

    # The same through an imported file.
    document = {
        "format": "staycheck",
        "version": 1,
        "travellers": [
            {
                "name": "Imported",
                "nationality": "RU",
                "destination": "KZ",
                "stays": [{"entry": "2023-03-01", "exit": "2023-03-02", "note": MARKUP_NOTE}],
            }
        ],
    }
    upload(calculator, "markup.json", json.dumps(document).encode())
    calculator.settle()
    assert calculator.trips.first.locator('[name="note"]').input_value() == MARKUP_NOTE
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("window.pwned") is None
