"""Every error `handle` can give names its code and the field it is about; nothing raises."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from staycheck.api import MAX_STAYS, handle

from .helpers import ask

GOOD = {"destination": "KZ", "nationality": "RU", "on": "2024-03-01",
        "stays": [{"entry": "2024-01-10", "exit": "2024-01-20"}]}


def with_(**changes):
    request = json.loads(json.dumps(GOOD))
    for key, value in changes.items():
        if value is ...:
            request.pop(key)
        else:
            request[key] = value
    return request


def stay(**fields):
    return [{"entry": "2024-01-10", "exit": "2024-01-20", **fields}]


def error_of(request) -> dict:
    text = request if isinstance(request, str) else json.dumps(request)
    response = json.loads(handle(text))
    assert response["ok"] is False, response
    return response["error"]


CASES = [
    pytest.param("{not json", "invalid_json", "", id="text that is not JSON is invalid_json"),
    pytest.param("[1, 2]", "invalid_json", "", id="a JSON list instead of an object"),
    pytest.param(with_(on=...), "missing_field", "on", id="a request without on"),
    pytest.param(with_(destination=...), "missing_field", "destination",
                 id="a request without destination"),
    pytest.param(with_(stays=[{"entry": "2024-01-10"}]), "missing_field", "stays[0].exit",
                 id="a trip without exit (null means still there)"),
    pytest.param(with_(stays={"a": 1}), "invalid_type", "stays", id="stays that is not a list"),
    pytest.param(with_(stays=["2024-01-01"]), "invalid_type", "stays[0]",
                 id="a trip that is not an object"),
    pytest.param(with_(on="2024-02-30"), "invalid_date", "on", id="30 February does not parse"),
    pytest.param(with_(on="01.03.2024"), "invalid_date", "on", id="a dotted date does not parse"),
    pytest.param(with_(stays=stay(entry=20240110)), "invalid_date", "stays[0].entry",
                 id="a number is not a date"),
    pytest.param(with_(stays=stay(entry="2024-W02-3")), "invalid_date", "stays[0].entry",
                 id="a week date does not parse"),
    pytest.param(with_(stays=stay(exit="2024-1-20")), "invalid_date", "stays[0].exit",
                 id="a date without leading zeros does not parse"),
    pytest.param(with_(on="1949-12-31"), "date_out_of_range", "on",
                 id="a date before 1950 is outside the supported range"),
    pytest.param(with_(stays=stay(exit="2100-01-01")), "date_out_of_range", "stays[0].exit",
                 id="a date after 2099 is outside the supported range"),
    pytest.param(with_(stays=stay(exit="2024-01-09")), "exit_before_entry", "stays[0].exit",
                 id="an exit the day before the entry"),
    pytest.param(with_(stays=stay(entry="2024-03-02", exit=None)), "ongoing_in_future",
                 "stays[0].entry", id="a trip still going on that starts after today"),
    pytest.param(with_(destination="XX"), "unknown_country", "destination",
                 id="an unknown destination code"),
    pytest.param(with_(nationality="Russia"), "unknown_country", "nationality",
                 id="a nationality written out instead of a code"),
    pytest.param(with_(stays=stay(country="ZZ")), "unknown_country", "stays[0].country",
                 id="an unknown country on a trip"),
    pytest.param(with_(stays=stay(basis="tourist")), "unknown_basis", "stays[0].basis",
                 id="an unknown basis of stay"),
    pytest.param(with_(stays=[{"entry": "2024-01-10", "exit": None},
                              {"entry": "2024-02-10", "exit": None}]), "several_ongoing",
                 "stays[0].exit", id="two trips both still going on"),
    pytest.param(with_(regime="atlantis"), "unknown_regime", "regime",
                 id="an unknown regime id"),
    pytest.param(with_(regime="schengen"), "regime_mismatch", "destination",
                 id="a regime that does not cover the destination"),
    pytest.param(with_(nationality="KZ"), "own_country", "nationality",
                 id="Kazakh citizens have no stay limit in Kazakhstan"),
    pytest.param(with_(destination="FR", nationality="NO"), "exempt", "nationality",
                 id="citizens of a Schengen state are exempt from the Schengen stay limit"),
    pytest.param(with_(destination="FR", nationality="IE"), "exempt", "nationality",
                 id="EU citizens outside the area are exempt from the Schengen stay limit too"),
    pytest.param(with_(nationality="AF"), "no_regime", "nationality",
                 id="no regime known for Afghan passports in Kazakhstan"),
    pytest.param(with_(on="2014-06-01", stays=[]), "no_rule", "on",
                 id="a control day before any known rule"),
    pytest.param(with_(plan={"entry": "2024-02-29"}), "plan_in_past", "plan.entry",
                 id="a planned entry before today"),
    pytest.param(with_(plan={"entry": "2024-01-15"}, on="2024-01-01"), "plan_overlaps_stay",
                 "plan.entry", id="a planned entry on a day already recorded as a trip"),
    pytest.param(with_(plan={}), "missing_field", "plan.entry", id="a plan without entry"),
    pytest.param(with_(chart={"first": "2024-01-01", "last": "2035-01-01"}), "invalid_range",
                 "chart.last", id="a chart range over ten years"),
]


@pytest.mark.parametrize(("request_", "code", "path"), CASES)
def test_bad_input_is_an_error_naming_the_code_and_field(request_, code, path):
    error = error_of(request_)
    assert (error["code"], error["path"]) == (code, path)
    assert error["message"]


def test_too_many_trips_is_refused_with_the_limit_named():
    trips = [{"entry": "2024-01-01", "exit": "2024-01-01"}] * (MAX_STAYS + 1)
    error = error_of(with_(stays=trips))
    assert error["code"] == "too_many_stays"
    assert error["params"]["max"] == MAX_STAYS


def test_exactly_the_maximum_number_of_trips_is_accepted():
    trips = [{"entry": "2024-01-01", "exit": "2024-01-01"}] * MAX_STAYS
    assert json.loads(handle(json.dumps(with_(stays=trips))))["ok"] is True


def test_a_request_with_a_regime_id_needs_no_destination_or_passport():
    answer = ask(regime="kz-eaeu", on="2024-03-01", stays=[
        {"entry": "2024-01-10", "exit": "2024-01-20", "country": "KZ"}])
    assert answer["ok"] is True
    assert answer["on"]["days_used"] == 11


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.sampled_from(["2024-01-10", "2024-02-30", "KZ", "FR", "RU", "visa", "", "2099-12-31"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["destination", "nationality", "on", "stays", "entry", "exit",
                         "country", "basis", "plan", "regime", "chart", "first", "last"]),
        inner, max_size=6),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_nothing_raises_out_of_handle_whatever_the_input(value):
    response = json.loads(handle(json.dumps(value)))
    assert isinstance(response["ok"], bool)
    if not response["ok"]:
        assert response["error"]["code"] != "internal_error", response["error"]
