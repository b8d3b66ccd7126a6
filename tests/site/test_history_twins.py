"""The page's per-point code (site/static/history/*.js, run here in Node) and the command
line's (core/staycheck/history/*.py) are twins: the same country for every point, which is
country-coder's own answer, and the same days from every fixture."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from staycheck.history import Importer
from staycheck.history.borders import default_borders

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "history"
SCRIPT = Path(__file__).with_name("history_twins.mjs")

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs Node")


def node(*args: str):
    run = subprocess.run(["node", str(SCRIPT), *args], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    return json.loads(run.stdout)


def test_every_point_gets_the_country_country_coder_gives_it_in_both():
    borders = default_borders()
    points = node("points", "7", "20000")
    for lat, lon, page, coder in points:
        assert page == coder, (lat, lon)
        assert borders.code_at(lat, lon) == coder, (lat, lon)
    assert len({coder for *_, coder in points}) > 100  # the test covers many countries


def test_the_page_and_the_command_line_count_the_same_days_from_every_fixture():
    files = sorted(str(p) for p in FIXTURES.iterdir() if p.suffix in {".json", ".gpx", ".txt"}
                   and p.name != "expected.json")
    page = node("days", *files)
    for file in files:
        importer = Importer()
        text = Path(file).read_text(encoding="utf-8-sig")
        for i in range(0, len(text), 97):
            importer.feed(text[i:i + 97])
        result = importer.finish()
        if not result["ok"]:
            assert page[file] == {"error": result["error"]["code"]}, file
            continue
        sink = importer.sink
        days = {str(day): {code: list(stats) for code, stats in countries.items()}
                for day, countries in sink.days.items()}
        assert page[file] == {"days": days, "points": sink.points,
                              "in_flight": sink.in_flight, "at_sea": sink.at_sea}, file
