"""A whole planned trip (plan.entry and plan.exit) and a booked trip that would overstay:
whether it fits, by how many days it must be shortened, how long it may be. The dates
are worked out by hand in each docstring."""

from __future__ import annotations

import json

from staycheck.api import handle


def ask(request: dict) -> dict:
    return json.loads(handle(json.dumps({"destination": "KZ", "nationality": "RU", **request})))


def test_a_planned_trip_too_long_says_by_how_many_days():
    """Away, nothing recorded: 1 May - 1 Sep 2027 is 124 days, 90 are allowed (until 29
    Jul), so 34 too many."""
    plan = ask({"on": "2027-01-10", "stays": [],
                "plan": {"entry": "2027-05-01", "exit": "2027-09-01"}})["plan"]
    assert plan["trip"] == {"first": "2027-05-01", "last": "2027-09-01", "days": 124}
    assert (plan["last"], plan["days"]) == ("2027-07-29", 90)
    assert plan["fits"] is False
    assert plan["shorten_by"] == 34
    assert "assumes_exit" not in plan


def test_a_planned_trip_that_fits_needs_no_shortening():
    """1 - 30 May 2027: 30 days of 90."""
    plan = ask({"on": "2027-01-10", "stays": [],
                "plan": {"entry": "2027-05-01", "exit": "2027-05-30"}})["plan"]
    assert plan["fits"] is True
    assert plan["shorten_by"] == 0
    assert plan["trip"]["days"] == 30


def test_a_plan_made_while_there_assumes_leaving_on_the_control_day_or_as_recorded():
    """Still there on 10 Jan 2027: the plan assumes the exit is that day; with a recorded
    exit of 20 Jan, that day. 1 - 20 Jan is 20 days; 1 Mar - 28 May would be 89 more: in the
    window ending 28 May (30 Nov - 28 May) 20 + 89 = 109 > 90, so the plan is cut at 90 - 20
    = 70 days (1 Mar - 9 May), and 89 days must lose 19."""
    still = ask({"on": "2027-01-10", "stays": [{"entry": "2027-01-01", "exit": None}],
                 "plan": {"entry": "2027-03-01"}})["plan"]
    assert still["assumes_exit"] == "2027-01-10"
    assert not {"trip", "fits", "shorten_by"} & still.keys()
    recorded = ask({"on": "2027-01-10", "stays": [{"entry": "2027-01-01", "exit": "2027-01-20"}],
                    "plan": {"entry": "2027-03-01", "exit": "2027-05-28"}})["plan"]
    assert recorded["assumes_exit"] == "2027-01-20"
    assert (recorded["last"], recorded["days"]) == ("2027-05-09", 70)
    assert recorded["shorten_by"] == 19


def test_a_plan_exit_before_its_entry_is_an_error_at_the_field():
    answer = ask({"on": "2027-01-10", "stays": [],
                  "plan": {"entry": "2027-05-01", "exit": "2027-04-30"}})
    assert answer["ok"] is False
    assert answer["error"]["code"] == "exit_before_entry"
    assert answer["error"]["path"] == "plan.exit"


def test_a_booked_trip_that_would_overstay_is_answered_with_how_long_it_may_be():
    """1 Dec 2026 - 5 Jan 2027 is 36 days. Booked 1 Mar - 1 Jul 2027: in the window ending
    D, the December days drop out from 30 May (D - 179 > 1 Dec for D > 29 May)... the 90th
    day counted is 23 Apr (5 Jan window days: 1 Dec - 5 Jan = 36, and 1 Mar - 23 Apr = 54:
    90), so from 24 Apr the trip is over; the booked trip may last 54 days."""
    answer = ask({"on": "2027-01-10",
                  "stays": [{"entry": "2026-12-01", "exit": "2027-01-05"},
                            {"entry": "2027-03-01", "exit": "2027-07-01"}]})
    assert answer["on"]["within_limits"] is True
    [violation] = answer["violations"]
    assert violation["first"] == "2027-04-24"
    assert violation["booked"] == {"stay": 1, "first": "2027-03-01", "last": "2027-04-23",
                                   "days": 54, "limited_by": {"reason": "rolling", "stay": None}}


def test_an_overstay_already_begun_has_no_booked_answer():
    answer = ask({"on": "2023-05-10", "stays": [{"entry": "2023-02-01", "exit": "2023-04-01"},
                                                {"entry": "2023-04-10", "exit": None}]})
    assert "booked" not in answer["violations"][0]
