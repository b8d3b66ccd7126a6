"""The `staycheck` command line: reports, JSON, and one-line errors with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from staycheck.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "trips.csv"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_example_trips_file_gives_a_report_with_the_overstays_and_exit_status_1(capsys):
    code, out, _ = run(capsys, EXAMPLE, "--to", "KZ", "--passport", "RU", "--on", "2023-09-15")
    assert code == 1  # over the limit on the control day
    assert "Kazakhstan" in out
    assert "113 of 90 days used" in out
    assert "2023-05-13 to 2023-06-10: 29 days over the rolling window" in out


def test_json_output_is_the_api_answer(capsys):
    code, out, _ = run(capsys, EXAMPLE, "--to", "KZ", "--passport", "RU", "--on", "2023-09-15",
                       "--json")
    assert code == 1
    answer = json.loads(out)
    assert answer["ok"] is True
    assert answer["on"]["days_used"] == 113


def test_a_plan_is_reported_with_its_last_day(capsys, tmp_path):
    trips = write(tmp_path, "t.csv", "entry,exit\n2024-01-01,2024-03-30\n")
    code, out, _ = run(capsys, trips, "--to", "FR", "--passport", "US", "--on", "2024-04-01",
                       "--plan", "2024-06-29")
    assert code == 0
    assert "entering on 2024-06-29 you may stay until 2024-09-26 (90 days)" in out


def test_the_stay_under_way_names_the_booked_trip_that_cuts_it_short(capsys, tmp_path):
    trips = write(tmp_path, "t.csv", "entry,exit\n2026-10-01,\n2027-02-01,2027-02-20\n")
    code, out, _ = run(capsys, trips, "--to", "KZ", "--passport", "RU", "--on", "2026-11-28")
    assert code == 0
    assert ("the last day you may stay is 2026-12-09, limited by a later recorded trip "
            "(the trip entering 2027-02-01).") in out
    assert ("earliest entry 2026-11-29 for up to 11 days, limited by a later recorded trip "
            "(the trip entering 2027-02-01); a full 90-day stay from 2027-05-22.") in out


def test_the_web_page_s_json_export_is_read_with_its_traveller_s_passport(capsys, tmp_path):
    export = {"format": "staycheck", "version": 1, "travellers": [
        {"name": "Anna", "nationality": "RU", "destination": "KZ",
         "stays": [{"entry": "2024-01-01", "exit": "2024-01-10", "country": "KZ",
                    "basis": "visa-free", "note": "Almaty"}]},
        {"name": "Ivan", "nationality": "BY", "destination": "KZ", "stays": []}]}
    path = write(tmp_path, "export.json", json.dumps(export))
    code, out, _ = run(capsys, path, "--on", "2024-01-10", "--json")
    assert code == 0
    assert json.loads(out)["on"]["days_used"] == 10
    code, out, _ = run(capsys, path, "--on", "2024-01-10", "--json", "--traveller", "Ivan")
    assert json.loads(out)["on"]["days_used"] == 0


@pytest.mark.parametrize(("content", "args", "message"), [
    pytest.param("entry,exit\n2024-01-01,2024-01-10\n2024-02-30,2024-03-01\n", (),
                 "line 3 entry: ", id="a bad date names its line and field"),
    pytest.param("entry,exit\n2024-01-10,2024-01-01\n", (), "line 2 exit: ",
                 id="an exit before the entry names its line"),
    pytest.param("when,until\n2024-01-01,2024-01-02\n", (), "line 1: the header",
                 id="a file without the header"),
    pytest.param("", (), "empty file", id="an empty file"),
    pytest.param("entry,exit\n2024-01-01,2024-01-02\n", ("--on", "yesterday"), "on: ",
                 id="a control day that is not a date"),
    pytest.param("entry,exit\n2024-01-01,2024-01-02\n", ("--passport", "Mars"), "nationality",
                 id="an unknown passport"),
    pytest.param('{"format": "other"}', (), "not a Staycheck export", id="a JSON file not ours"),
    pytest.param('{"format": "staycheck", "version": 99, "travellers": []}', (), "newer",
                 id="an export from a newer version"),
])
def test_bad_input_is_one_line_naming_the_place_and_exit_status_2(capsys, tmp_path, content,
                                                                  args, message):
    path = write(tmp_path, "trips.csv", content)
    defaults = ("--to", "KZ", "--passport", "RU", "--on", "2024-03-01")
    code, out, err = run(capsys, path, *defaults, *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("staycheck: ")
    assert message in err


def test_python_dash_m_core_runs_the_same_command():
    done = subprocess.run([sys.executable, "-m", "staycheck", str(EXAMPLE), "--to", "KZ",
                           "--passport", "RU", "--on", "2023-09-15"],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 1
    assert "Kazakhstan" in done.stdout


def test_a_missing_file_is_an_error_not_a_traceback(capsys, tmp_path):
    code, _, err = run(capsys, tmp_path / "nope.csv", "--to", "KZ", "--passport", "RU")
    assert code == 2
    assert "cannot read" in err


TRIP = "entry,exit,country,basis\n2024-01-10,2024-01-20,KZ,visa-free\n"


@pytest.mark.parametrize(("content", "args", "expected"), [
    pytest.param("entry,exit\n2024-01-10,2024-13-01\n", (), "line 2 exit: ",
                 id="invalid_date"),
    pytest.param("entry,exit\n1949-01-10,2024-01-01\n", (), "line 2 entry: ",
                 id="date_out_of_range"),
    pytest.param("entry,exit\n2024-01-10,2024-01-09\n", (), "line 2 exit: ",
                 id="exit_before_entry"),
    pytest.param("entry,exit\n2024-03-10,\n", (), "line 2 entry: ", id="ongoing_in_future"),
    pytest.param("entry,exit,country\n2024-01-10,2024-01-20,XQ\n", (), "line 2 country: ",
                 id="unknown_country"),
    pytest.param("entry,exit,basis\n2024-01-10,2024-01-20,tourist\n", (), "line 2 basis: ",
                 id="unknown_basis"),
    pytest.param(TRIP, ("--passport", "AF"), "no rule is known for citizens of Afghanistan",
                 id="no_regime"),
    pytest.param(TRIP, ("--passport", "KZ"), "no stay limit", id="own_country"),
    pytest.param(TRIP, ("--passport", "DE", "--to", "FR"), "are exempt from the rule",
                 id="exempt"),
    pytest.param(TRIP, ("--on", "2014-01-01"), "no rule of", id="no_rule"),
    pytest.param(TRIP, ("--plan", "2024-02-01"), "plan.entry", id="plan_in_past"),
    pytest.param(TRIP, ("--on", "2024-01-01", "--plan", "2024-01-15"), "already there",
                 id="plan_overlaps_stay"),
    pytest.param("entry,exit\n" + "2024-01-10,2024-01-10\n" * 50_001, (), "50000",
                 id="too_many_stays"),
    pytest.param('{"format": "staycheck", "version": 1,', (), "not valid JSON",
                 id="invalid_json"),
    pytest.param('{"format": "staycheck", "version": 1, "travellers": [{"stays": '
                 '[{"entry": "2024-01-10"}]}]}', (), "travellers[0].stays[0].exit",
                 id="missing_field"),
])
def test_every_api_error_reaches_the_terminal_as_one_line(capsys, tmp_path, content, args,
                                                         expected):
    path = write(tmp_path, "trips.csv", content)
    defaults = ("--to", "KZ", "--passport", "RU", "--on", "2024-03-01")
    code, out, err = run(capsys, path, *defaults, *args)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert expected in err


def test_the_web_page_s_table_export_is_read_one_traveller_at_a_time(capsys, tmp_path):
    table = ("traveller,nationality,destination,entry,exit,country,basis,days,note\r\n"
             "Anna,RU,KZ,2024-01-01,2024-01-10,KZ,visa-free,10,Almaty\r\n"
             "Ivan,BY,KZ,2024-02-01,2024-02-03,KZ,visa-free,3,\r\n")
    path = write(tmp_path, "table.csv", table)
    code, out, _ = run(capsys, path, "--on", "2024-02-05", "--json")
    assert code == 0
    assert json.loads(out)["on"]["days_used"] == 10
    code, out, _ = run(capsys, path, "--on", "2024-02-05", "--json", "--traveller", "Ivan")
    assert json.loads(out)["on"]["days_used"] == 3


def test_a_date_that_is_not_in_the_calendar_is_named_as_such(capsys, tmp_path):
    path = write(tmp_path, "t.csv", "entry,exit\n2024-01-10,2024-01-20\n")
    code, _, err = run(capsys, path, "--to", "KZ", "--passport", "RU", "--on", "2026-02-30")
    assert code == 2
    assert err == "staycheck: on: '2026-02-30' is not a day of the calendar\n"


@pytest.fixture(scope="module")
def compiled_catalogs() -> None:
    """The catalogs as setup.sh compiles them for the command line, from the .po files as
    they are now (so an edited translation is what the tests read)."""
    subprocess.run(["bash", str(ROOT / "scripts" / "catalogs.sh"), "compile"], check=True)


def test_the_report_is_in_russian_with_lang_ru(capsys, compiled_catalogs):
    code, out, _ = run(capsys, EXAMPLE, "--to", "KZ", "--passport", "RU", "--on", "2023-09-15",
                       "--plan", "2024-01-10", "--lang", "ru")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "Казахстан: граждане государств Евразийского экономического союза"
    assert lines[1] == ("Правило действует с 2023-01-27: "
                        "не более 90 дней в течение каждого периода в 180 дней")
    assert "использовано 113 из 90 дней" in out
    assert "СРОК ПРЕВЫШЕН на 23 дня." in out  # 23: the "few" form
    assert ("не более чем на 44 дня, ограничение — из-за скользящего периода; "
            "полный срок в 90 дней — с 2023-12-15.") in out
    assert "с 2023-05-13 по 2023-06-10: превышение скользящего периода на 29 дней" in out
    assert lines[-1].startswith("Источники: https://")
    assert "day" not in "\n".join(lines[:-1])  # no English left but the sources' addresses


def test_the_report_is_in_kazakh_with_lang_kk(capsys, compiled_catalogs):
    code, out, _ = run(capsys, EXAMPLE, "--to", "KZ", "--passport", "RU", "--on", "2023-09-15",
                       "--lang", "kk")
    assert code == 1
    assert out.startswith("Қазақстан: Еуразиялық экономикалық одақ мемлекеттерінің азаматтары\n")
    assert "90 күннің 113 күні пайдаланылды" in out


def test_an_error_is_in_the_chosen_language(capsys, tmp_path, compiled_catalogs):
    trips = write(tmp_path, "t.csv", "entry,exit\n2024-01-10,2024-01-01\n")
    code, out, err = run(capsys, trips, "--to", "KZ", "--passport", "RU", "--lang", "ru")
    assert (code, out) == (2, "")
    assert err == f"staycheck: {trips}, строка 2 exit: Дата выезда раньше даты въезда.\n"
    bad = write(tmp_path, "b.csv", "when,until\n")
    code, _out, err = run(capsys, bad, "--to", "KZ", "--passport", "RU", "--lang", "kk")
    assert code == 2
    assert err.startswith(f"staycheck: {bad}, 1-жол: тақырыпта entry,exit,country,basis,note")


def test_a_language_without_a_catalog_is_refused_with_the_ones_there_are(capsys):
    code, out, err = run(capsys, EXAMPLE, "--to", "KZ", "--passport", "RU", "--lang", "xx")
    assert (code, out) == (2, "")
    assert "no compiled catalog for --lang xx" in err and "en" in err
