"""The one entry point the page, the CLI and the tests call: JSON in, JSON out.

Input is parsed and checked here, and every problem becomes an error object that names
the field (`stays[3].exit`); the inner modules take typed values only. Nothing raises out
of `handle`. Errors and warnings carry a `code` and `params` so that a page can show them
in the reader's language; `message` is the English text.
"""

from __future__ import annotations

import gc
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from .dates import FIRST_SUPPORTED, LAST_SUPPORTED
from .engine import (
    Check,
    Evaluation,
    NextEntry,
    NoRuleError,
    Plan,
    PlanOverlapError,
    evaluate,
    primary_limit,
)
from .history_trips import derive_trips
from .model import BASES, Regime, Stay, Version, make_stay
from .overview import overview
from .presence import RESIDENCE_MARK, presence
from .rules import country_names, load_regimes, regime_by_id, regimes_for, select_regime

MAX_STAYS = 50_000
MAX_CHART_DAYS = 3_660


@dataclass
class RequestError(Exception):
    code: str
    message: str
    path: str
    params: dict[str, Any]


def handle(request_json: str) -> str:
    """Answer one request; see the module docstring and README for the format."""
    # A long history makes tens of thousands of small objects, none of them in a cycle:
    # the cyclic garbage collector would walk them all again and again for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        response = answer(parse_json(request_json))
    except RequestError as err:
        response = {"ok": False, "error": {"code": err.code, "message": err.message,
                                           "path": err.path, "params": err.params}}
    except Exception as exc:  # a bug must still reach the page as an answer
        response = {"ok": False, "error": {"code": "internal_error", "path": "",
                                           "message": f"internal error: {exc!r}",
                                           "params": {}}}
    finally:
        if collecting:
            gc.enable()
    return json.dumps(response, ensure_ascii=False)


def parse_json(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise RequestError("invalid_json", f"the request is not valid JSON: {exc}", "",
                           {}) from None
    if not isinstance(data, dict):
        raise RequestError("invalid_json", "the request must be a JSON object", "", {})
    return data


def answer(request: dict[str, Any]) -> dict[str, Any]:
    if request.get("question") == "presence":
        return answer_presence(request)
    if request.get("question") == "history_trips":
        return answer_history_trips(request)
    on = parse_date(require(request, "on", "on"), "on")
    regime, warnings = choose_regime(request)
    stays = parse_stays(request, on)
    plan_entry, plan_exit = parse_plan(request, on)
    chart = parse_chart(request)
    try:
        result = evaluate(regime, stays, on, plan_entry, chart)
    except NoRuleError as err:
        path = "plan.entry" if err.about == "plan" else "on"
        raise RequestError("no_rule", str(err), path,
                           {"field": path, "date": err.day.isoformat(), "regime": regime.id,
                            "covered_from": err.covered_from.isoformat()}) from None
    except PlanOverlapError as err:
        raise RequestError("plan_overlaps_stay", str(err), "plan.entry",
                           {"date": err.day.isoformat(), "stay": err.stay}) from None
    warnings += stay_warnings(result, stays, regime)
    nationality = request_nationality(request)
    rendered = render(regime, result, stays, on, warnings, nationality)
    rendered["regime"]["default_basis"] = regime.default_basis(nationality)
    if nationality is not None:
        rendered["visa_destinations"] = visa_destinations(nationality)
    if rendered["plan"] is not None:
        rendered["plan"].update(plan_fit(result, plan_exit))
    for violation in rendered["violations"]:
        booked = booked_allowance(regime, stays, on, violation)
        if booked:
            violation["booked"] = booked
    if parse_flag(request, "overview"):
        destination = request.get("destination")
        rendered["overview"] = overview(
            regime, destination.upper() if isinstance(destination, str) else regime.destinations[0],
            result, rendered, nationality, stays, on,
            lambda other, evaluation, own: render(other, evaluation, own, on, []))
    return rendered


def visa_destinations(nationality: str) -> list[str]:
    """The countries where a trip on this passport is on a visa as a rule (the rule data's
    `visa_nationalities`): there a new trip's basis is `visa`, elsewhere `visa-free`."""
    return sorted({country for regime in load_regimes()
                   if nationality in regime.visa_nationalities
                   for country in regime.destinations})


def request_nationality(request: dict[str, Any]) -> str | None:
    """The passport's code (choose_regime has checked it), or None where none is given."""
    value = request.get("nationality")
    return parse_country(value, "nationality") if value is not None else None


def plan_fit(result: Evaluation, plan_exit: date | None) -> dict[str, Any]:
    """The keys a plan gets only when they say something: the exit of the stay under way
    that the plan assumes (the recorded one, or the control day while still there); and,
    with a planned exit, the whole trip, whether it fits and how many days it must lose."""
    plan = result.plan
    current = result.current_stay
    fit: dict[str, Any] = {}
    if current:
        fit["assumes_exit"] = date.fromordinal(current.exit).isoformat()
    if plan_exit is not None:
        wanted = (plan_exit - plan.entry).days + 1
        fit["trip"] = span(plan.entry, plan_exit, wanted)
        fit["shorten_by"] = max(0, wanted - plan.max_days)
        fit["fits"] = fit["shorten_by"] == 0
    return fit


def booked_allowance(regime: Regime, stays: list[Stay], on: date,
                     violation: dict[str, Any]) -> dict[str, Any] | None:
    """For an overstay that begins in a recorded trip entering after the control day (a
    booked trip): that trip, and how long it may last, counted without it. None otherwise."""
    first = date.fromisoformat(violation["first"])
    if first <= on:
        return None
    index = next((i for i in violation["stays"]
                  if stays[i].entry <= first <= (stays[i].exit or on)), None)
    if index is None or stays[index].entry <= on:
        return None
    others = [s for i, s in enumerate(stays) if i != index]
    try:
        plan = evaluate(regime, others, on, stays[index].entry).plan
    except (NoRuleError, PlanOverlapError):
        return None
    later = plan.later_stay
    if later is not None and later >= index:
        later += 1  # back to an index into the request's stays
    return {"stay": index, **span(plan.entry, plan.last_day, plan.max_days),
            "limited_by": stop(plan.limited_by, later)}


# --- Parsing ---------------------------------------------------------------------------


def require(obj: dict[str, Any], key: str, path: str) -> Any:
    if key not in obj:
        raise RequestError("missing_field", f"{path} is missing", path, {"field": path})
    return obj[key]


def parse_date(value: Any, path: str) -> date:
    if not isinstance(value, str):
        raise RequestError("invalid_date", f"{path} must be a date written YYYY-MM-DD", path,
                           {"value": value if isinstance(value, int | float | bool) else None})
    day = quick_date(value)
    if day is not None:
        return day
    # Why not: the shape, the calendar, or the range.
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        problem = "is not a date written YYYY-MM-DD"
    else:
        try:
            date.fromisoformat(value)
        except ValueError:
            problem = "is not a day of the calendar"
        else:
            raise RequestError(
                "date_out_of_range",
                f"{path}: {value} is outside the supported range "
                f"{FIRST_SUPPORTED.isoformat()} to {LAST_SUPPORTED.isoformat()}",
                path, {"value": value, "first": FIRST_SUPPORTED.isoformat(),
                       "last": LAST_SUPPORTED.isoformat()})
    raise RequestError("invalid_date", f"{path}: {value!r} {problem}", path, {"value": value})


def quick_date(value: Any) -> date | None:
    """The date if `value` is a date written YYYY-MM-DD, in range; else None (parse_date
    says why). The shape is checked first: `date.fromisoformat` also reads other ISO 8601
    forms as long, such as the week date 2023-W05-1."""
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return None
        if FIRST_SUPPORTED <= day <= LAST_SUPPORTED:
            return day
    return None


def parse_country(value: Any, path: str) -> str:
    code = value.upper() if isinstance(value, str) else None
    if code not in country_names():
        raise RequestError("unknown_country",
                           f"{path}: {value!r} is not a known ISO 3166-1 alpha-2 country code",
                           path, {"value": value if isinstance(value, str) else None})
    return code


def choose_regime(request: dict[str, Any]) -> tuple[Regime, list[dict[str, Any]]]:
    warnings: list[dict[str, Any]] = []
    if request.get("regime") is not None:
        regime = regime_by_id(request["regime"]) if isinstance(request["regime"], str) else None
        if regime is None:
            raise RequestError("unknown_regime", f"regime: no regime {request['regime']!r}",
                               "regime", {"value": str(request["regime"])})
        if request.get("destination") is not None:
            destination = parse_country(request["destination"], "destination")
            if destination not in regime.destinations:
                raise RequestError(
                    "regime_mismatch",
                    f"destination: {destination} is not covered by {regime.title}",
                    "destination", {"destination": destination, "regime": regime.id})
        if request.get("nationality") is not None:
            nationality = parse_country(request["nationality"], "nationality")
            if nationality not in regime.nationalities:
                warnings.append(warning(
                    "nationality_not_covered",
                    f"{regime.title} does not list {nationality} passports; "
                    "the answer applies its rules anyway",
                    "nationality", nationality=nationality, regime=regime.id))
        return regime, warnings
    destination = parse_country(require(request, "destination", "destination"), "destination")
    nationality = parse_country(require(request, "nationality", "nationality"), "nationality")
    regime = select_regime(destination, nationality)
    if regime is None:
        known = regimes_for(destination)
        names = country_names()
        params = {"destination": destination, "nationality": nationality,
                  "regimes": [r.id for r in known]}
        if nationality == destination:
            raise RequestError("own_country",
                               f"citizens of {names[nationality]} have no stay limit in "
                               f"{names[destination]}", "nationality", params)
        exempt_from = [r for r in known if nationality in r.exempt]
        if exempt_from:
            params["regimes"] = [r.id for r in exempt_from]
            raise RequestError("exempt",
                               f"citizens of {names[nationality]} are exempt from the rule "
                               f"\u201c{exempt_from[0].title}\u201d; no stay limit applies to "
                               f"them in {names[destination]}", "nationality", params)
        raise RequestError("no_regime",
                           f"no rule is known for citizens of {names[nationality]} in "
                           f"{names[destination]}", "nationality", params)
    return regime, warnings


def parse_stays(request: dict[str, Any], on: date) -> list[Stay]:
    raw = require(request, "stays", "stays")
    if not isinstance(raw, list):
        raise RequestError("invalid_type", "stays must be a list", "stays", {})
    if len(raw) > MAX_STAYS:
        raise RequestError("too_many_stays",
                           f"stays: {len(raw)} trips is more than the {MAX_STAYS} allowed",
                           "stays", {"count": len(raw), "max": MAX_STAYS})
    default_country = request.get("destination")
    stays = well_formed_stays(raw, on, default_country)
    if stays is None:  # parse_stay names the first problem
        stays = [parse_stay(item, i, on, default_country) for i, item in enumerate(raw)]
    ongoing = [i for i, stay in enumerate(stays) if stay.exit is None]
    if len(ongoing) > 1:
        # A traveller is in one place at a time; a second open trip is a missing exit.
        path = f"stays[{ongoing[0]}].exit"
        raise RequestError("several_ongoing",
                           f"trips {ongoing[0] + 1} and {ongoing[1] + 1} are both still going "
                           f"on; give trip {ongoing[0] + 1} its exit date",
                           path, {"stays": ongoing})
    return stays


_BASES = frozenset(BASES)


def well_formed_stays(raw: list[Any], on: date, default_country: Any) -> list[Stay] | None:
    """The stays, if every trip is well formed (what parse_stay accepts); else None, and
    parse_stay goes through them again to name the first problem.

    The fast path of a long history: each distinct date, country and basis is checked
    once (a day is the exit of one trip and the entry of the next; thousands of trips
    share a country), not once per trip.
    """
    days: dict[str, date] = {}
    codes: dict[str, str] = {}
    names = country_names()
    stays = []
    append = stays.append
    try:
        for item in raw:
            if type(item) is not dict:
                return None
            # `in` and subscripts rather than dict.get: in Pyodide a method call costs more
            # than the specialized operations (for 7,300 trips, 13.5 -> 12.2 ms).
            text = item["entry"]
            if text in days:
                entry = days[text]
            else:
                entry = days[text] = quick_date(text)
                if entry is None:
                    return None
            text = item["exit"]
            if text is None:
                if entry > on:
                    return None
                exit_day = None
            else:
                if text in days:
                    exit_day = days[text]
                else:
                    exit_day = days[text] = quick_date(text)
                    if exit_day is None:
                        return None
                if exit_day < entry:
                    return None
            value = (item["country"] or default_country) if "country" in item else default_country
            if value in codes:
                code = codes[value]
            else:
                code = value.upper() if type(value) is str else None
                if code not in names:
                    return None
                codes[value] = code
            basis = (item["basis"] or "visa-free") if "basis" in item else "visa-free"
            if basis not in _BASES:
                return None
            append(make_stay((entry, exit_day, code, basis)))
    except (KeyError, TypeError):  # a field missing, or a list where a date should be
        return None
    return stays


def parse_stay(item: Any, i: int, on: date, default_country: Any) -> Stay:
    # Paths are built only when a field is wrong: this runs for every one of 50,000 trips.
    if not isinstance(item, dict):
        raise RequestError("invalid_type", f"stays[{i}] must be an object", f"stays[{i}]", {})
    if "entry" not in item or "exit" not in item:
        field = f"stays[{i}].{'entry' if 'entry' not in item else 'exit'}"
        raise RequestError("missing_field", f"{field} is missing", field, {"field": field})
    entry = quick_date(item["entry"]) or parse_date(item["entry"], f"stays[{i}].entry")
    exit_value = item["exit"]
    exit_day = None if exit_value is None else (
        quick_date(exit_value) or parse_date(exit_value, f"stays[{i}].exit"))
    if exit_day is not None and exit_day < entry:
        raise RequestError(
            "exit_before_entry",
            f"stays[{i}].exit: {exit_day.isoformat()} is before the entry {entry.isoformat()}",
            f"stays[{i}].exit", {"entry": entry.isoformat(), "exit": exit_day.isoformat()})
    if exit_day is None and entry > on:
        raise RequestError(
            "ongoing_in_future",
            f"stays[{i}].entry: a trip still going on cannot start after today "
            f"({entry.isoformat()} is after {on.isoformat()})",
            f"stays[{i}].entry", {"entry": entry.isoformat(), "on": on.isoformat()})
    country_value = item.get("country") or default_country
    if country_value is None:
        field = f"stays[{i}].country"
        raise RequestError("missing_field", f"{field} is missing", field, {"field": field})
    country = parse_country(country_value, f"stays[{i}].country")
    basis = item.get("basis") or "visa-free"
    if basis not in BASES:
        raise RequestError("unknown_basis",
                           f"stays[{i}].basis: {basis!r} is not one of {', '.join(BASES)}",
                           f"stays[{i}].basis", {"value": str(basis), "known": list(BASES)})
    return Stay(entry, exit_day, country, basis)


def parse_plan(request: dict[str, Any], on: date) -> tuple[date | None, date | None]:
    """The planned entry and, if given, the planned exit."""
    plan = request.get("plan")
    if plan is None:
        return None, None
    if not isinstance(plan, dict):
        raise RequestError("invalid_type", "plan must be an object", "plan", {})
    entry = parse_date(require(plan, "entry", "plan.entry"), "plan.entry")
    if entry < on:
        raise RequestError("plan_in_past",
                           f"plan.entry: {entry.isoformat()} is before today ({on.isoformat()})",
                           "plan.entry", {"entry": entry.isoformat(), "on": on.isoformat()})
    exit_day = plan.get("exit")
    if exit_day is None:
        return entry, None
    exit_day = parse_date(exit_day, "plan.exit")
    if exit_day < entry:
        raise RequestError("exit_before_entry",
                           f"plan.exit: {exit_day.isoformat()} is before the entry "
                           f"{entry.isoformat()}", "plan.exit",
                           {"entry": entry.isoformat(), "exit": exit_day.isoformat()})
    return entry, exit_day


def parse_flag(request: dict[str, Any], key: str) -> bool:
    value = request.get(key, False)
    if not isinstance(value, bool):
        raise RequestError("invalid_type", f"{key} must be true or false", key, {})
    return value


def parse_chart(request: dict[str, Any]) -> tuple[date, date] | None:
    chart = request.get("chart")
    if chart is None:
        return None
    if not isinstance(chart, dict):
        raise RequestError("invalid_type", "chart must be an object", "chart", {})
    first = parse_date(require(chart, "first", "chart.first"), "chart.first")
    last = parse_date(require(chart, "last", "chart.last"), "chart.last")
    if last < first or (last - first).days >= MAX_CHART_DAYS:
        raise RequestError("invalid_range",
                           f"chart: from first to last must be 1 to {MAX_CHART_DAYS} days",
                           "chart.last", {"max": MAX_CHART_DAYS})
    return first, last


# --- Rendering -------------------------------------------------------------------------


def warning(code: str, message: str, path: str, **params: Any) -> dict[str, Any]:
    return {"code": code, "message": message, "path": path, "params": params}


def stay_warnings(result: Evaluation, stays: list[Stay], regime: Regime) -> list[dict[str, Any]]:
    out = []
    for group in result.merged:
        trips = ", ".join(str(i + 1) for i in group)
        out.append(warning("overlap", f"trips {trips} overlap; their days are counted once",
                           f"stays[{group[-1]}]", stays=list(group)))
    for first, last in result.unchecked:
        out.append(warning(
            "unchecked_days",
            f"days from {first.isoformat()} to {last.isoformat()} count toward later "
            "windows but were not checked: no rule is known for them",
            "stays", first=first.isoformat(), last=last.isoformat()))
    return out


def render_version(version: Version, nationality: str | None = None) -> dict[str, Any]:
    return {
        "effective_from": version.effective_from.isoformat(),
        "verified_on": iso(version.verified_on),
        "new_entries_only": version.new_entries_only,
        "counts_earlier_days": version.counts_earlier_days,
        "limits": [{"kind": lim.kind, "text": lim.text(),
                    **{k: getattr(lim, k) for k in lim.__slots__ if getattr(lim, k) is not None}}
                   for lim in version.limits],
        "sources": [{"title": s.title, "url": s.url} for s in version.sources],
        "notes": list(version.notes),
        # Where the sources disagree: which reading the data takes, and the other one
        # (only the doubts that concern the traveller's passport, when it is known).
        "disputed": [d.text for d in version.disputed if d.concerns(nationality)],
    }


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def span(first: date, last: date | None, days: int) -> dict[str, Any]:
    """A "how long" answer: its first day, its last day (None for no day at all) and its
    length in days, as the core counts them, so no reader counts days again."""
    return {"first": first.isoformat(), "last": iso(last), "days": days}


def stop(limited_by: str | None, later_stay: int | None) -> dict[str, Any] | None:
    """What stops a stay from lasting one day more, the same wherever a stay is answered:
    `reason` a limit kind, `no_rule`, `later_stay` or `next_trip`; `stay` the index of the
    recorded trip a reason names (None for the others). None where nothing does."""
    return {"reason": limited_by, "stay": later_stay} if limited_by else None


def render_check(check: Check) -> dict[str, Any]:
    """One limit's state on the control day; `on` carries the primary one's keys too."""
    return {
        "limit_kind": check.kind,
        "days_used": check.used,
        "limit": check.limit,
        "window": {"first": iso(check.first), "last": iso(check.last)} if check.first else None,
        "days_left": max(0, check.limit - check.used),
        "over": check.over,
    }


def render_on(result: Evaluation, on: date) -> dict[str, Any]:
    checks = [render_check(c) for c in result.checks]
    primary = checks[0] if checks else {
        "limit_kind": None, "days_used": 0, "limit": None, "window": None, "days_left": None,
        "over": 0}
    # Today's overstay: the run of days over a limit that today belongs to, if any.
    today = next((v for v in result.violations if v.first <= on <= v.last), None)
    return {
        "date": on.isoformat(),
        **primary,
        "within_limits": all(c["over"] == 0 for c in checks),
        "overstay": span(today.first, on, (on - today.first).days + 1) if today else None,
        "checks": checks,
    }


def render_latest_exit(result: Evaluation, on: date) -> dict[str, Any] | None:
    """Staying on from today: until when, how many days that is, and what stops it. A
    traveller already over the limit gets the last day they could have stayed and 0 days."""
    last = result.latest_exit
    if last is None:
        return None
    days = max(0, (last - on).days + 1)
    return {**span(on, last, days), "limited_by": stop(*result.latest_exit_limit)}


def render_next_entry(n: NextEntry | None) -> dict[str, Any] | None:
    if n is None:
        return None
    last = date.fromordinal(n.earliest.toordinal() + n.max_days - 1)
    full = (span(n.full, date.fromordinal(n.full.toordinal() + n.full_days - 1), n.full_days)
            if n.full else None)
    return {**span(n.earliest, last, n.max_days), "limited_by": stop(n.limited_by, n.later_stay),
            "assumes_exit": iso(n.assumes_exit), "full": full}


def render_plan(p: Plan | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {**span(p.entry, p.last_day, p.max_days),
            "limited_by": stop(p.limited_by, p.later_stay)}


def render_chart(result: Evaluation, on: date, regime: Regime) -> dict[str, Any]:
    """The timeline: `days` days from `first`, a value a day in each column. No date is
    written per day (7,300 days of a long history would be 100 kB of the answer): day
    `i` is `first` plus `i` days, which the page works out as it draws."""
    chart = result.chart
    first = chart.first.toordinal()
    length = len(chart.counts)
    index = on.toordinal() - first

    def at(day: date) -> int | None:
        i = day.toordinal() - first
        return i if 0 <= i < length else None

    return {"first": chart.first.isoformat(),
            "last": date.fromordinal(first + length - 1).isoformat() if length else None,
            "days": length,
            "today": index if 0 <= index < length else None,
            "counts": chart.counts,
            "limits": chart.limits,
            "present": chart.present,
            "versions": [chart_version(v, at(v.effective_from)) for v in regime.versions],
            "segments": [{"first": a, "last": b, "version": number}
                         for a, b, number in chart.segments],
            "overstays": chart_overstays(result.violations, first, length)}


def chart_version(version, index: int | None) -> dict[str, Any]:
    """A rule version on the timeline: where it starts (`index`: null outside the chart)
    and what its primary limit counts."""
    limit = None if version.repealed else primary_limit(version)
    return {"effective_from": version.effective_from.isoformat(), "index": index,
            "repealed": version.repealed,
            "limit_kind": limit.kind if limit else None,
            "limit": None if limit is None else getattr(limit, "days", None)}


def chart_overstays(violations, first: int, length: int) -> list[dict[str, Any]]:
    """Each overstay's days on the chart (day indexes, cut to its ends), with its length."""
    out = []
    for v in violations:
        lo, hi = v.first.toordinal() - first, v.last.toordinal() - first
        if hi < 0 or lo >= length:
            continue
        out.append({"first": max(lo, 0), "last": min(hi, length - 1), "days": v.days,
                    "limit_kind": v.kind})
    return out


def render(regime: Regime, result: Evaluation, stays: list[Stay], on: date,
           warnings: list[dict[str, Any]], passport: str | None = None) -> dict[str, Any]:
    current = result.current_stay
    return {
        "ok": True,
        "regime": {
            "id": regime.id,
            "title": regime.title,
            "destinations": list(regime.destinations),
            "notes": list(regime.notes),
            "version": render_version(result.version, passport),
        },
        "on": render_on(result, on),
        "present": result.present,
        "current_stay": ({"entry": date.fromordinal(current.entry).isoformat(),
                          "exit": _current_exit(current, stays),
                          "days": on.toordinal() - current.entry + 1,
                          "stays": list(current.stays)} if current else None),
        "latest_exit": render_latest_exit(result, on),
        "violations": [{"first": v.first.isoformat(), "last": v.last.isoformat(),
                        "days": v.days, "peak": v.peak, "limit": v.limit,
                        "limit_kind": v.kind, "stays": list(v.stays)}
                       for v in result.violations],
        "next_entry": render_next_entry(result.next_entry),
        "plan": render_plan(result.plan),
        "chart": render_chart(result, on, regime),
        "warnings": warnings,
    }


def _current_exit(current, stays: list[Stay]) -> str | None:
    """The recorded exit of the current stay, or None while it is still going on."""
    if any(stays[i].exit is None for i in current.stays):
        return None
    return date.fromordinal(current.exit).isoformat()


# --- Days in every country (`"question": "presence"`) ----------------------------------


def answer_presence(request: dict[str, Any]) -> dict[str, Any]:
    """The days present in each country of the request's stays, per calendar year and in
    the 12 months ending on `window_end` (default `on`); no regime is involved."""
    on = parse_date(require(request, "on", "on"), "on")
    stays = parse_stays(request, on)
    end = request.get("window_end")
    window_last = on if end is None else parse_date(end, "window_end")
    table = presence(stays, on, window_last)

    def days(n: int) -> dict[str, Any]:
        return {"days": n, "reaches_mark": n >= RESIDENCE_MARK}

    return {"ok": True, "presence": {
        "on": on.isoformat(),
        "mark": RESIDENCE_MARK,
        "window": {"first": table.window_first.isoformat(), "last": window_last.isoformat()},
        "years": table.years,
        "countries": [{"country": c.country, "window": days(c.window),
                       "years": [{"year": y, **days(c.years[y])} for y in table.years]}
                      for c in table.countries],
    }}


# --- Trips from a location history's days (`"question": "history_trips"`) -------------


def answer_history_trips(request: dict[str, Any]) -> dict[str, Any]:
    """derive_trips for the page's import (site/static/history/): `days` maps a day (days
    since 1970-01-01, as a string key) to {country: [points, first, last]} (the times of
    its first and last point, seconds since 1970), as the import's worker counts them.
    Asked of the calculator's Python, so that the import starts no Python of its own
    (the module is outside staycheck.history, whose readers the page does not need)."""
    days = require(request, "days", "days")
    if not isinstance(days, dict):
        raise RequestError("invalid_type", "days must be an object", "days", {})
    parsed: dict[int, dict[str, list]] = {}
    for key, countries in days.items():
        path = f"days.{key}"
        if not (isinstance(key, str) and re.fullmatch(r"-?\d{1,6}", key)):
            raise RequestError("invalid_type", f"{path}: a day is a whole number", path, {})
        if not isinstance(countries, dict) or not all(
            isinstance(code, str) and isinstance(stats, list) and len(stats) == 3
            and all(isinstance(n, int | float) and not isinstance(n, bool) for n in stats)
            for code, stats in countries.items()
        ):
            raise RequestError("invalid_type",
                               f"{path}: must map countries to [points, first, last]", path, {})
        parsed[int(key)] = countries
    return {"ok": True, **derive_trips(parsed)}
