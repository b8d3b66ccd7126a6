"""Every regime a traveller's trips touch, one row each (issue 10, item 5), and the basis
a new trip gets from the rule data (item 10): each row says what a full answer for that
destination says, so the page can show the rows without counting anything."""

from __future__ import annotations

import json

import pytest

from staycheck.api import handle

# A Kazakh passport: the Schengen area in summer (France, then Germany), Turkey in August,
# Georgia in September, home since November.
STAYS = [
    {"entry": "2026-06-01", "exit": "2026-07-10", "country": "FR", "basis": "visa"},
    {"entry": "2026-07-11", "exit": "2026-07-20", "country": "DE", "basis": "visa"},
    {"entry": "2026-08-01", "exit": "2026-08-20", "country": "TR"},
    {"entry": "2026-09-01", "exit": "2026-09-15", "country": "GE"},
    {"entry": "2026-11-01", "exit": None, "country": "KZ"},
]


def ask(**request) -> dict:
    base = {"destination": "DE", "nationality": "KZ", "on": "2026-11-28", "stays": STAYS}
    return json.loads(handle(json.dumps({**base, **request})))


def test_one_row_per_regime_the_trips_touch_the_chosen_one_first() -> None:
    rows = ask(overview=True)["overview"]
    assert [row["regime"]["id"] for row in rows] == ["schengen", "ge-visa-free",
                                                     "tr-visa-exempt"]
    assert [row["chosen"] for row in rows] == [True, False, False]
    # The chosen row keeps the chosen destination; the others name their latest trip's.
    assert [row["destination"] for row in rows] == ["DE", "GE", "TR"]
    # At home in Kazakhstan: no row (no limit applies there to a Kazakh passport).
    assert all(row["destination"] != "KZ" for row in rows)


@pytest.mark.parametrize("index", [0, 1, 2])
def test_each_row_says_what_the_full_answer_for_its_destination_says(index: int) -> None:
    row = ask(overview=True)["overview"][index]
    full = ask(destination=row["destination"])
    assert full["regime"]["id"] == row["regime"]["id"]
    for key in ("limit_kind", "days_used", "limit", "days_left", "window", "within_limits",
                "overstay"):
        assert row[key] == full["on"][key], key
    assert row["present"] == full["present"]
    assert row["latest_exit"] == (None if full["latest_exit"] is None else
                                  {k: full["latest_exit"][k] for k in ("first", "last", "days")})
    assert row["next_entry"]["full"] == full["next_entry"]["full"]
    assert row["next_entry"]["first"] == full["next_entry"]["first"]
    assert row["violations"] == len(full["violations"])


def test_the_rows_count_only_their_own_area() -> None:
    rows = {row["regime"]["id"]: row for row in ask(overview=True)["overview"]}
    assert rows["tr-visa-exempt"]["days_used"] == 20  # 1-20 Aug, in the window from 2 Jun
    assert rows["schengen"]["days_used"] == 49  # 2 Jun - 20 Jul (1 Jun left the window)
    assert rows["ge-visa-free"]["limit_kind"] == "per_entry"


def test_a_traveller_still_there_has_a_last_day_and_an_overstayer_a_run_over() -> None:
    staying = ask(on="2026-07-15", overview=True,
                  stays=[{"entry": "2026-07-01", "exit": None, "country": "DE"},
                         {"entry": "2026-03-01", "exit": "2026-03-10", "country": "TR"}])
    row = staying["overview"][0]
    assert row["present"] and row["latest_exit"]["last"] == staying["latest_exit"]["last"]
    over = ask(destination="TR", on="2026-06-15", overview=True,
               stays=[{"entry": "2026-03-01", "exit": None, "country": "TR"},
                      {"entry": "2026-01-05", "exit": "2026-01-09", "country": "FR"}])
    turkey = over["overview"][0]
    assert not turkey["within_limits"]
    assert turkey["overstay"] == over["on"]["overstay"] and turkey["overstay"]["days"] > 0
    assert [row["regime"]["id"] for row in over["overview"]] == ["tr-visa-exempt", "schengen"]


def test_no_overview_unless_asked_and_a_wrong_flag_is_an_error() -> None:
    assert "overview" not in ask()
    error = ask(overview="yes")["error"]
    assert (error["code"], error["path"]) == ("invalid_type", "overview")


def test_a_regime_by_id_without_a_passport_has_its_own_row_only() -> None:
    answer = json.loads(handle(json.dumps({"regime": "schengen", "on": "2026-11-28",
                                           "stays": STAYS, "overview": True})))
    assert [row["regime"]["id"] for row in answer["overview"]] == ["schengen"]


@pytest.mark.parametrize(
    ("nationality", "destination", "basis"),
    [("KZ", "DE", "visa"), ("RU", "FR", "visa"), ("US", "DE", "visa-free"),
     ("GE", "FR", "visa-free"), ("TJ", "TR", "visa"), ("RU", "KZ", "visa-free")],
)
def test_the_default_basis_is_what_the_rule_data_says(nationality: str, destination: str,
                                                      basis: str) -> None:
    answer = ask(nationality=nationality, destination=destination, stays=[], overview=True)
    assert answer["regime"]["default_basis"] == basis
    assert answer["overview"][0]["default_basis"] == basis


def test_the_countries_where_a_passport_travels_on_a_visa_come_from_the_rule_data() -> None:
    kazakh = ask(destination="GE", stays=[])["visa_destinations"]
    assert {"DE", "FR", "AT", "RO"} <= set(kazakh)
    assert "GE" not in kazakh and "TR" not in kazakh
    assert ask(nationality="US", stays=[])["visa_destinations"] == []
    assert ask(nationality="TJ", destination="TR", stays=[])["visa_destinations"][:1] == ["AT"]
    assert "TR" in ask(nationality="TJ", destination="TR", stays=[])["visa_destinations"]
