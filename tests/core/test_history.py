"""The location-history import on the fixtures (tests/fixtures/history/make_fixtures.py
tells their story): every format gives the known trips, and every broken file its error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from staycheck.history import Importer, import_file
from staycheck.history.borders import default_borders

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "history"
FORMATS = {"timeline.json": "timeline", "location-history.json": "timeline",
           "Records.json": "records", "2024_MARCH.json": "semantic", "track.gpx": "gpx"}
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_gives_the_known_trips(name):
    result = import_file(FIXTURES / name)
    assert result["ok"], result
    assert result["format"] == FORMATS[name]
    got = [(t["entry"], t["exit"], t["country"]) for t in result["trips"]]
    assert got == [(t["entry"], t["exit"], t["country"]) for t in EXPECTED]
    for trip, expected in zip(result["trips"], EXPECTED, strict=True):
        assert set(expected["flags"]) <= set(trip["flags"]), trip
        assert trip["points"] > 0
    # The flight over Russia and Poland put nobody there.
    assert not {"RU", "PL"} & {t["country"] for t in result["trips"]}
    assert result["in_flight"] >= 2


@pytest.mark.parametrize("name", FORMATS)
def test_chunk_boundaries_change_nothing(name):
    """The page feeds chunks of whatever size the stream gives."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    whole = import_file(FIXTURES / name)
    importer = Importer()
    for i in range(0, len(text), 97):
        importer.feed(text[i:i + 97])
    assert importer.finish() == whole


def test_a_day_of_crossing_counts_for_both_countries():
    trips = import_file(FIXTURES / "Records.json")["trips"]
    assert trips[1]["exit"] == trips[2]["entry"] == "2024-03-08"


def test_a_night_east_of_utc_falls_on_the_local_date():
    """19:30 UTC on the 3rd is 00:30 on the 4th in Almaty (UTC+5)."""
    for name in FORMATS:
        assert import_file(FIXTURES / name)["trips"][0]["exit"] == "2024-03-04", name


def test_an_iphone_path_is_timed_from_its_segments_start():
    """The iPhone's path points are minutes from their segment's start: the second point of
    a path begun at 23:30 is three hours later, on the next day (2 March, in Kyrgyzstan)."""
    trips = import_file(FIXTURES / "iphone-path.json")["trips"]
    assert [(t["entry"], t["exit"], t["country"]) for t in trips] == [
        ("2024-03-01", "2024-03-01", "KZ"), ("2024-03-02", "2024-03-02", "KG")]


@pytest.mark.parametrize("minutes", ["ten", "", None, True, "inf", "1e400"])
def test_an_iphone_path_point_without_a_time_is_named(tmp_path, minutes):
    path = tmp_path / "location-history.json"
    path.write_text(json.dumps([{
        "startTime": "2024-03-01T23:30:00.000+05:00", "endTime": "2024-03-02T03:00:00.000+05:00",
        "timelinePath": [{"point": "geo:43.2389,76.8897",
                          "durationMinutesOffsetFromStartTime": minutes}]}]))
    result = import_file(path)
    assert result["error"]["code"] == "bad_time", result


@pytest.mark.parametrize(("name", "code"), [
    ("bad-not-history.json", "not_history"), ("bad-truncated.json", "truncated"),
    ("bad-no-points.json", "no_points"), ("bad-coordinates.json", "bad_coordinates"),
    ("bad-version.gpx", "unsupported_version"), ("bad-text.txt", "not_history"),
    ("bad-json.json", "bad_json"),
])
def test_bad_files_are_named(name, code):
    result = import_file(FIXTURES / name)
    assert not result["ok"]
    assert result["error"]["code"] == code


def test_the_borders_place_known_cities():
    borders = default_borders()
    assert borders.code_at(43.2389, 76.8897) == "KZ"
    assert borders.code_at(48.8566, 2.3522) == "FR"
    assert borders.code_at(4.93, -52.33) == "GF"  # French Guiana: not Schengen
    assert borders.code_at(45.0, -30.0) is None  # the Atlantic


def test_command_line_prints_the_trips_csv():
    run = subprocess.run([sys.executable, "-m", "staycheck", "--from-history",
                          str(FIXTURES / "track.gpx")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "entry,exit,country,basis,note"
    assert [line.split(",")[:3] for line in lines[1:]] == [
        [t["entry"], t["exit"], t["country"]] for t in EXPECTED]


def test_a_gpx_file_that_is_not_xml_names_its_line(tmp_path):
    broken = (FIXTURES / "track.gpx").read_text().replace("<trkpt", "<trkpt <", 1)
    (tmp_path / "broken.gpx").write_text(broken)
    error = import_file(tmp_path / "broken.gpx")["error"]
    assert (error["code"], error["params"]["line"]) == ("bad_xml", broken[:broken.index(
        "<trkpt <")].count("\n") + 1)
    assert "not valid XML" in error["message"]


def test_command_line_names_a_bad_file():
    run = subprocess.run([sys.executable, "-m", "staycheck", "--from-history",
                          str(FIXTURES / "bad-truncated.json")], capture_output=True, text=True)
    assert run.returncode == 2
    assert "cut short" in run.stderr


@pytest.mark.parametrize(("lang", "words"), [
    ("ru", "не является корректным JSON: ошибка около символа"),
    ("kk", "дұрыс JSON емес: қате"),
])
def test_command_line_names_a_bad_file_in_the_chosen_language(lang, words):
    run = subprocess.run([sys.executable, "-m", "staycheck", "--lang", lang, "--from-history",
                          str(FIXTURES / "bad-json.json")], capture_output=True, text=True)
    assert run.returncode == 2
    assert words in run.stderr


@pytest.mark.parametrize("name", FORMATS)
def test_the_calculator_derives_the_same_trips_from_the_days_the_page_sends(name):
    """The page's import counts the days in its worker and asks the calculator's Python
    for the trips (`"question": "history_trips"`): the same trips as the command line."""
    from staycheck.api import handle

    importer = Importer()
    importer.feed((FIXTURES / name).read_text(encoding="utf-8"))
    whole = importer.finish()
    days = json.loads(json.dumps(importer.sink.days))  # string keys, lists: as posted
    answer = json.loads(handle(json.dumps({"question": "history_trips", "days": days})))
    assert answer == {"ok": True, "trips": whole["trips"], "gaps": whole["gaps"],
                      "days": whole["days"]}


@pytest.mark.parametrize(("days", "path"), [
    (None, "days"),
    ([], "days"),
    ({"x": {"KZ": [1, 0, 0]}}, "days.x"),
    ({"19800": {"KZ": [1, 0]}}, "days.19800"),
    ({"19800": {"KZ": [1, "0", 0]}}, "days.19800"),
])
def test_days_that_are_not_the_shape_are_refused_with_their_place(days, path):
    from staycheck.api import handle

    request = {"question": "history_trips"} if days is None else {
        "question": "history_trips", "days": days}
    answer = json.loads(handle(json.dumps(request)))
    assert answer["ok"] is False
    assert answer["error"]["path"] == path
