"""The calculator worker's warm-up (site/static/warm-up.js) does what it is written to do:
its requests go through the core's answers of several regimes and its one error, and its
sources are Python the runtime compiles. A warm-up request the core turned away (a regime
renamed, a country code gone) would only optimise the error path."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from staycheck.api import handle

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs Node")

PRINT_WARM_UP = """
import * as warmUp from "./site/static/warm-up.js";
console.log(JSON.stringify({
  answers: warmUp.WARM_UP_ANSWERS,
  compiles: warmUp.WARM_UP_COMPILES,
  requests: warmUp.warmUpRequests(),
  sources: warmUp.warmUpSources(),
}));
"""


@pytest.fixture(scope="module")
def warm_up() -> dict:
    run = subprocess.run(["node", "--input-type=module", "-e", PRINT_WARM_UP], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def test_the_warm_up_requests_are_answered_by_several_regimes_and_one_is_an_error(warm_up):
    answers = [json.loads(handle(request)) for request in warm_up["requests"]]
    errors = [answer["error"]["code"] for answer in answers if not answer["ok"]]
    assert errors == ["exit_before_entry"]
    regimes = {answer["regime"]["id"] for answer in answers if answer["ok"]}
    assert regimes == {"schengen", "kz-eaeu", "ru-visa-free", "gb-visitor"}
    # The code of an overstay, of a plan and of the overview is among what they go through.
    assert any(answer["ok"] and answer["violations"] for answer in answers)
    assert any(answer["ok"] and answer["plan"] for answer in answers)
    assert all(answer["chart"] for answer in answers if answer["ok"])
    # Every request is answered at least once, in turn.
    assert warm_up["answers"] >= len(warm_up["requests"])


def test_the_warm_up_sources_are_python_and_all_different(warm_up):
    sources = warm_up["sources"]
    assert len(sources) == warm_up["compiles"] > 0
    assert len(set(sources)) == len(sources)
    for source in sources:
        code = compile(source, "<warm-up>", "exec")
        assert len([c for c in code.co_consts if hasattr(c, "co_code")]) >= 10
