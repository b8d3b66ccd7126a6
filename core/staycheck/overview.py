"""Every regime a traveller's trips touch, one compact row each: the answer to "where do I
stand everywhere I have been?" without choosing each destination in turn.

A recorded trip's country is mapped to the regime that applies to the traveller's passport
there (the same choice as for a destination); each such regime is evaluated on the control
day with all the trips (it counts only the days in its own area). The chosen destination's
row comes first and reuses the main answer; the others follow, latest trip first.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .engine import Evaluation, NoRuleError, evaluate
from .model import Regime, Stay
from .rules import select_regime


def touched(stays: list[Stay], nationality: str, chosen: Regime) -> list[tuple[Regime, str]]:
    """The regimes other than `chosen` that the trips' countries map to, each with the
    country to choose as its destination (that of its latest trip), latest first."""
    found: dict[str, tuple[Regime, str, date]] = {}
    by_country: dict[str, Regime | None] = {}  # a few countries, thousands of trips
    for stay in stays:
        if stay.country not in by_country:
            by_country[stay.country] = select_regime(stay.country, nationality)
        regime = by_country[stay.country]
        if regime is None or regime.id == chosen.id:
            continue
        known = found.get(regime.id)
        if known is None or stay.entry >= known[2]:
            found[regime.id] = (regime, stay.country, stay.entry)
    ordered = sorted(found.values(), key=lambda item: (-item[2].toordinal(), item[0].id))
    return [(regime, country) for regime, country, _ in ordered]


def row(regime: Regime, destination: str, result: Evaluation, rendered: dict[str, Any],
        nationality: str | None, chosen: bool) -> dict[str, Any]:
    """One regime's state, from its rendered answer (api.render's keys): what it shows is
    counted there, so a row and the full answer never disagree."""
    on = rendered["on"]
    latest = rendered["latest_exit"]
    next_entry = rendered["next_entry"]
    return {
        "regime": {"id": regime.id, "title": regime.title},
        "destination": destination,
        "chosen": chosen,
        "default_basis": regime.default_basis(nationality),
        "limit_kind": on["limit_kind"],
        "days_used": on["days_used"],
        "limit": on["limit"],
        "days_left": on["days_left"],
        "window": on["window"],
        "within_limits": on["within_limits"],
        "overstay": on["overstay"],
        "present": rendered["present"],
        "latest_exit": ({key: latest[key] for key in ("first", "last", "days")}
                        if latest else None),
        "next_entry": ({key: next_entry[key] for key in ("first", "last", "days", "full")}
                       if next_entry else None),
        "violations": len(result.violations),
    }


def overview(chosen: Regime, destination: str, chosen_result: Evaluation,
             chosen_rendered: dict[str, Any], nationality: str | None, stays: list[Stay],
             on: date, render) -> list[dict[str, Any]]:
    """The rows: the chosen regime's first, then every other regime the trips touch that
    has a rule on the control day (one without is left out: nothing can be said of it).
    `render(regime, result, stays)` renders an evaluation as the main answer is rendered."""
    rows = [row(chosen, destination, chosen_result, chosen_rendered, nationality, True)]
    if nationality is None:
        return rows
    for regime, country in touched(stays, nationality, chosen):
        # Only its own area's trips: the others count for nothing there, and a row names
        # no trip by its index.
        area = set(regime.destinations)
        own = [stay for stay in stays if stay.country in area]
        try:
            result = evaluate(regime, own, on, chart=(on, on))  # a row draws no chart
        except NoRuleError:
            continue
        rows.append(row(regime, country, result, render(regime, result, own), nationality,
                        False))
    return rows
