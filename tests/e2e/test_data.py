"""The traveller's data: kept across reloads, kept apart per traveller, exported,
erased and imported back, never run as markup."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from calculator import Calculator
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
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
    calculator.select_country("#nationality", "US")
    calculator.select_country("#destination", "DE")
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
    assert Calculator.date(calculator.page.locator("#plan-entry")) == "2023-09-01"
    assert calculator.headline == anna_headline == "You may stay until 9 May 2023"

    stored = calculator.stored()
    assert stored["schema"] == 1
    assert [t["name"] for t in stored["travellers"]] == ["Anna", "Boris"]


def test_export_then_erase_then_import_gives_back_the_same_trips(
    calculator: Calculator, tmp_path: Path
) -> None:
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
                "plan": None,
                "drafts": [],
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
                "plan": None,
                "drafts": [],
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

    # The command line reads the same file and gives the same answer.
    exported_file = tmp_path / "staycheck.json"
    exported_file.write_text(exported, encoding="utf-8")
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "staycheck",
            str(exported_file),
            "--traveller",
            "Anna",
            "--on",
            "2023-04-20",
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(cli.stdout)["latest_exit"]["last"] == "2023-05-09"

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
    # Still there: the return date holds only if they leave today, and says so.
    unfolded = ics.replace("\r\n ", "")
    assert "SUMMARY:May enter Kazakhstan again\\, if you leave on 20 Apr 2023" in unfolded


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
        ("huge.json", b" " * 33_000_000, "too large"),  # over store.MAX_IMPORT_BYTES
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


def test_an_import_asks_before_it_replaces_a_traveller_of_the_same_name(
    calculator: Calculator,
) -> None:
    calculator.open("2023-04-20").choose("RU", "KZ")
    calculator.page.fill("#traveller-name", "Ivan")
    calculator.add_trip("2023-02-01", "2023-04-01")
    calculator.add_trip("2023-04-10")
    older = {"entry": "2022-05-01", "exit": "2022-05-10"}
    document = {"format": "staycheck", "version": 1, "travellers": [
        {"name": "Ivan", "nationality": "RU", "destination": "KZ", "stays": [older]}]}
    questions: list[str] = []

    def answer(dialog, accept: bool) -> None:
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    calculator.page.once("dialog", lambda dialog: answer(dialog, False))
    upload(calculator, "ivan.json", json.dumps(document).encode())
    expect(calculator.page.locator("#data-message")).to_have_text("Nothing was imported.")
    assert questions == ["Replace the trips of Ivan with those in ivan.json?"]
    assert len(calculator.trip_dates()) == 2

    calculator.page.once("dialog", lambda dialog: answer(dialog, True))
    upload(calculator, "ivan.json", json.dumps(document).encode())
    calculator.settle()
    assert calculator.trip_dates() == [("2022-05-01", "2022-05-10", False)]


def test_hundreds_of_overlaps_are_summed_up_not_listed(calculator: Calculator) -> None:
    """An import with every trip twice: five warnings are shown, then how many more."""
    stays = [{"entry": f"2022-{m:02}-01", "exit": f"2022-{m:02}-05"} for m in range(1, 9)]
    document = {"format": "staycheck", "version": 1, "travellers": [
        {"name": "Twice", "nationality": "RU", "destination": "KZ", "stays": stays * 2}]}
    calculator.open("2023-04-20")
    upload(calculator, "twice.json", json.dumps(document).encode())
    calculator.settle()
    warnings = calculator.page.locator("#warnings li")
    expect(warnings).to_have_count(6)
    expect(warnings.last).to_have_text("…and 3 more warnings like these.")


def test_trips_are_edited_and_deleted_in_place(calculator: Calculator) -> None:
    calculator.open("2023-04-20").choose("RU", "KZ")
    calculator.add_trip("2023-02-10", "2023-02-15")
    calculator.add_trip("2023-02-01", "2023-04-01")
    calculator.add_trip("2023-04-10")
    assert calculator.headline == "You may stay until 9 May 2023"

    # The first trip was entered twice: its days are already in the second one.
    expect(calculator.page.locator("#warnings")).to_have_text(
        ["Trips 1, 2 overlap; their days are counted once."]
    )
    calculator.trips.first.locator("[data-action='delete-trip']").click()
    calculator.settle()
    assert calculator.trip_dates() == [
        ("2023-02-01", "2023-04-01", False),
        ("2023-04-10", "", True),
    ]
    assert calculator.headline == "You may stay until 9 May 2023"
    expect(calculator.page.locator("#warnings li")).to_have_count(0)

    # Correcting the first trip's exit to 1 Mar gives back 31 days: until 9 Jun.
    calculator.trips.first.locator('[name="exit"]').fill("2023-03-01")
    calculator.settle()
    assert calculator.headline == "You may stay until 9 June 2023"
    calculator.reload()
    assert calculator.trip_dates() == [
        ("2023-02-01", "2023-03-01", False),
        ("2023-04-10", "", True),
    ]


def test_a_traveller_can_be_removed_and_the_others_are_kept(calculator: Calculator) -> None:
    calculator.open("2023-04-20")
    calculator.page.fill("#traveller-name", "Anna")
    calculator.add_trip("2023-04-01", "2023-04-05")
    calculator.add_traveller("Boris")
    calculator.add_trip("2023-03-01", "2023-03-02")
    calculator.page.once("dialog", lambda dialog: dialog.accept())
    calculator.page.click("#remove-traveller")
    calculator.settle()
    expect(calculator.page.locator("#traveller-tabs button")).to_have_text(["Anna"])
    assert calculator.trip_dates() == [("2023-04-01", "2023-04-05", False)]
    assert [t["name"] for t in calculator.stored()["travellers"]] == ["Anna"]


def test_data_saved_by_a_newer_version_is_never_overwritten(calculator: Calculator) -> None:
    newer = json.dumps({"schema": 99, "everything": "else"})
    calculator.page.add_init_script(
        f"if (!sessionStorage.seeded) {{ localStorage.setItem('staycheck', {json.dumps(newer)});"
        " sessionStorage.seeded = 1; }"
    )
    calculator.open("2023-04-20")
    expect(calculator.page.locator("#storage-problem")).to_contain_text("newer version")
    calculator.add_trip("2023-04-01", "2023-04-05")
    assert calculator.page.evaluate("localStorage.getItem('staycheck')") == newer


def test_unreadable_saved_data_is_kept_aside_not_lost(calculator: Calculator) -> None:
    calculator.page.add_init_script(
        "if (!sessionStorage.seeded) { localStorage.setItem('staycheck', '{broken');"
        " sessionStorage.seeded = 1; }"
    )
    calculator.open("2023-04-20")
    expect(calculator.page.locator("#storage-problem")).to_contain_text("could not be read")
    kept = calculator.page.evaluate(
        "Object.keys(localStorage).filter((key) => key.startsWith('staycheck-unreadable-'))"
        ".map((key) => localStorage.getItem(key))"
    )
    assert kept == ["{broken"]
