"""The answer's shape as docs/schema/ writes it down: requests the README shows, answers of
every kind (staying, away, over the limit, a plan cut short, a stop by a later trip) and
errors all match the JSON Schemas, and the schemas refuse what is not that shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from staycheck.api import handle

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "docs" / "schema"


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMA / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


REQUESTS = [
    pytest.param({"destination": "KZ", "nationality": "RU", "on": "2023-03-01",
                  "stays": [{"entry": "2023-01-27", "exit": None, "country": "KZ",
                             "basis": "visa-free"}],
                  "plan": {"entry": "2023-08-01"}}, id="the README's request"),
    pytest.param({"destination": "KZ", "nationality": "RU", "on": "2026-11-28",
                  "stays": [{"entry": "2026-10-01", "exit": None},
                            {"entry": "2027-02-01", "exit": "2027-02-20"}],
                  "plan": {"entry": "2027-03-01"}}, id="a later trip cuts the stay short"),
    pytest.param({"destination": "NL", "nationality": "AU", "on": "2024-04-05",
                  "stays": [{"entry": "2024-01-01", "exit": None}]}, id="over the limit"),
    pytest.param({"destination": "RU", "nationality": "US", "on": "2024-04-05",
                  "stays": [{"entry": "2024-01-01", "exit": "2024-02-01"}],
                  "plan": {"entry": "2024-04-05"}}, id="away, with a plan"),
    pytest.param({"regime": "kz-visa-free-30", "on": "2020-03-19", "stays": [],
                  "chart": {"first": "2020-01-01", "last": "2020-12-31"}},
                 id="a regime by id, a chart, a suspension ahead"),
    pytest.param({"destination": "KZ", "nationality": "RU", "on": "2014-12-31", "stays": []},
                 id="no rule: an error"),
    pytest.param({"destination": "KZ", "nationality": "RU", "on": "2024-01-01",
                  "stays": [{"entry": "2024-01-02", "exit": "2024-01-01"}]},
                 id="an exit before the entry: an error"),
    pytest.param({"destination": "KZ", "nationality": "RU", "on": "2027-01-10",
                  "stays": [{"entry": "2027-01-01", "exit": None}],
                  "plan": {"entry": "2027-05-01", "exit": "2027-09-01"}},
                 id="a whole planned trip that does not fit, planned while there"),
    pytest.param({"destination": "KZ", "nationality": "RU", "on": "2027-01-10",
                  "stays": [{"entry": "2026-12-01", "exit": "2027-01-05"},
                            {"entry": "2027-03-01", "exit": "2027-07-01"}]},
                 id="a booked trip that would overstay"),
    pytest.param({"question": "presence", "on": "2024-04-01", "window_end": "2024-12-31",
                  "stays": [{"entry": "2023-12-20", "exit": "2024-03-04", "country": "KZ"},
                            {"entry": "2024-03-04", "exit": None, "country": "DE"}]},
                 id="the days in every country"),
    pytest.param({"question": "presence", "on": "2024-04-01", "window_end": "2024-13-01",
                  "stays": []}, id="the days in every country: an error"),
    pytest.param({"destination": "DE", "nationality": "KZ", "on": "2026-11-28",
                  "overview": True,
                  "stays": [{"entry": "2026-06-01", "exit": "2026-07-10", "country": "FR"},
                            {"entry": "2026-08-01", "exit": "2026-08-20", "country": "TR"},
                            {"entry": "2026-09-01", "exit": None, "country": "GE"}]},
                 id="every regime the trips touch"),
    pytest.param({"question": "history_trips",
                  "days": {"19783": {"KZ": [4, 1709251200, 1709290800]},
                           "19784": {"KZ": [1, 1709337600, 1709337600],
                                     "KG": [6, 1709341200, 1709380800]}}},
                 id="the trips of a location history's days"),
]


@pytest.mark.parametrize("request_data", REQUESTS)
def test_requests_and_their_answers_match_the_schemas(request_data: dict) -> None:
    assert list(validator("request").iter_errors(request_data)) == []
    answer = json.loads(handle(json.dumps(request_data)))
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                for e in validator("response").iter_errors(answer)]
    assert problems == []


def test_the_schemas_refuse_what_is_not_the_shape() -> None:
    answer = json.loads(handle(json.dumps(REQUESTS[1].values[0])))
    response = validator("response")
    assert response.is_valid(answer)
    old_style = dict(answer, latest_exit=answer["latest_exit"]["last"])
    assert not response.is_valid(old_style)
    flat_stop = json.loads(json.dumps(answer))
    flat_stop["plan"]["limited_by"] = "rolling"
    assert not response.is_valid(flat_stop)
    assert not validator("request").is_valid({"on": "2024-01-01", "stays": []})
    assert not validator("request").is_valid({"question": "tax", "on": "2024-01-01",
                                              "stays": []})
    presence = json.loads(handle(json.dumps(REQUESTS[9].values[0])))
    assert response.is_valid(presence)
    flat_days = json.loads(json.dumps(presence))
    flat_days["presence"]["countries"][0]["window"] = 90
    assert not response.is_valid(flat_days)
    assert not validator("request").is_valid({"regime": "schengen", "on": "1 May",
                                              "stays": []})
    assert not validator("request").is_valid({"question": "history_trips"})
    assert not validator("request").is_valid({"question": "history_trips",
                                              "days": {"19783": {"KZ": [1, 2]}}})
    trips = json.loads(handle(json.dumps(REQUESTS[-1].values[0])))
    assert response.is_valid(trips) and [t["country"] for t in trips["trips"]] == ["KZ", "KG"]
    assert not response.is_valid(dict(trips, trips=[dict(trips["trips"][0], flags=["lost"])]))


def test_no_rule_names_the_field_it_is_about() -> None:
    on = json.loads(handle(json.dumps(REQUESTS[5].values[0])))["error"]
    assert (on["code"], on["path"], on["params"]["field"]) == ("no_rule", "on", "on")
    plan = json.loads(handle(json.dumps({"regime": "kz-visa-free-30", "on": "2020-03-19",
                                         "stays": [], "plan": {"entry": "2020-05-01"}})))
    assert (plan["error"]["code"], plan["error"]["path"]) == ("no_rule", "plan.entry")
