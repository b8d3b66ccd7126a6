"""`staycheck`: the rule core for people who live in a terminal.

Reads trips from a CSV file (`entry,exit,country,basis,note`, header required) or from the
JSON file the web page exports, asks `staycheck.api.handle`, and prints a short report (or the
JSON answer with --json). Bad input: one line naming the line and field, exit status 2.
`--lang ru` (or kk) prints the report and the errors in that language, from the same
catalogs as the web page (see core/staycheck/i18n.py).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

from . import i18n
from .api import handle

CSV_FIELDS = ("entry", "exit", "country", "basis", "note")
# The web page's "export table" adds these; the CLI reads them too.
CSV_EXPORT_FIELDS = ("traveller", "nationality", "destination", "days")
EXPORT_FORMAT = "staycheck"
EXPORT_VERSION = 1
_translations = i18n.translations(i18n.SOURCE_LOCALE)


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated where it is used."""
    return message


LIMIT_NAMES = {
    "rolling": N_("the rolling window"),
    "calendar_year": N_("the calendar-year total"),
    "per_entry": N_("the per-entry cap"),
    "break": N_("the required break"),
    "later_stay": N_("a later recorded trip"),
    "next_trip": N_("the next recorded trip"),
    "no_rule": N_("the end of the known rules"),
}
# The core's error codes in the words the web page uses (the same messages, translated
# once); in English the core's own message, which names the values, is printed instead.
ERROR_TEXT = {
    "own_country": N_("Citizens have no stay limit in their own country."),
    "exempt": N_("Citizens of this country are exempt from this rule: no stay limit applies "
                 "to them here."),
    "no_regime": N_("Staycheck knows no rule for this passport in this country yet."),
    "no_rule": N_("No rule is known for this date."),
    "exit_before_entry": N_("The exit is before the entry."),
    "ongoing_in_future": N_("A trip you are still on cannot begin after today."),
    "several_ongoing": N_(
        "Only one trip can still be going on: give the earlier one its exit date."),
    "invalid_date": N_("This is not a valid date."),
    "date_out_of_range": N_("This date is outside the years Staycheck covers ({first} to {last})."),
    "plan_in_past": N_("Choose today or a later day."),
    "plan_overlaps_stay": N_(
        "You are already there on this day, on a trip you recorded. Choose a day after it."),
    "too_many_stays": N_("There are more trips than Staycheck can count at once."),
    "missing_field": N_("This field is required."),
    "unknown_country": N_("This is not a country Staycheck knows."),
    "unknown_basis": N_("This is not a basis of stay Staycheck knows."),
}
WARNING_TEXT = {
    "overlap": N_("Trips {trips} overlap; their days are counted once."),
    "unchecked_days": N_("The days from {first} to {last} count toward later limits, but no "
                         "rule is known to check them against."),
    "nationality_not_covered": N_("This rule does not list your passport; the answer applies "
                                  "it anyway. Check that it is the right rule for you."),
}


class InputError(Exception):
    """Bad input, already worded for the user."""


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        use_language(args.lang)
    except i18n.MissingCatalogError:
        print(f"staycheck: no compiled catalog for --lang {args.lang} (have: "
              f"{', '.join(i18n.available_locales())}); in a source checkout "
              "`bash scripts/catalogs.sh compile` makes them", file=sys.stderr)
        return 2
    if args.from_history:
        from .history.cli import run
        return run(args.from_history, _, ngettext)
    if args.trips is None:
        print("staycheck: a trips file (or --from-history FILE) is required", file=sys.stderr)
        return 2
    try:
        trips, defaults, locate = read_trips(Path(args.trips), args.traveller)
        request = build_request(args, trips, defaults)
    except InputError as err:
        print(f"staycheck: {err}", file=sys.stderr)
        return 2
    response = json.loads(handle(json.dumps(request)))
    if not response["ok"]:
        error = response["error"]
        message = error_text(error)
        where = locate(error["path"]) or (f"{error['path']}: " if error["path"] else "")
        print(f"staycheck: {where}{message}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(response, ensure_ascii=False, indent=2))
    else:
        print(report(response, trips))
    return 1 if response["on"]["overstay"] else 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="staycheck",
        description="How many days have I used, how long may I stay, when may I come back?",
        epilog="Exit status: 0 within the limit on the control day, 1 over it, 2 bad input.")
    parser.add_argument("trips", nargs="?", help="trips file: CSV (entry,exit,country,basis,note) "
                                      "or the JSON file the web page exports")
    parser.add_argument("--to", metavar="CC", help="destination country code, e.g. KZ or FR")
    parser.add_argument("--passport", metavar="CC", help="nationality, e.g. RU")
    parser.add_argument("--on", metavar="YYYY-MM-DD", default=date.today().isoformat(),
                        help="control day (default: today)")
    parser.add_argument("--plan", metavar="YYYY-MM-DD", help="a planned entry date")
    parser.add_argument("--traveller", metavar="NAME",
                        help="which traveller of an exported file (default: the first)")
    parser.add_argument("--json", action="store_true", help="print the JSON answer")
    parser.add_argument("--from-history", metavar="FILE",
                        help="print the trips a location history gives (Google Timeline, "
                             "Records.json, Semantic Location History, GPX) as trips CSV")
    parser.add_argument("--lang", metavar="LANG", default=i18n.SOURCE_LOCALE,
                        help="language of the report: en (default), ru or kk")
    return parser.parse_args(argv)


def use_language(locale: str) -> None:
    global _translations
    _translations = i18n.translations(locale)


def error_text(error: dict[str, Any]) -> str:
    """The core's error in the report's language (its own English message in English)."""
    english = error["message"].removeprefix(f"{error['path']}: ")
    if error["code"] not in ERROR_TEXT or isinstance(_translations, i18n.SourceTranslations):
        return english
    return _(ERROR_TEXT[error["code"]]).format(**error["params"])


def warning_text(warning: dict[str, Any]) -> str:
    params = dict(warning["params"])
    if "stays" in params:
        params["trips"] = ", ".join(str(i + 1) for i in params["stays"])
    if warning["code"] not in WARNING_TEXT:
        return warning["message"]
    return _(WARNING_TEXT[warning["code"]]).format(**params)


def limit_text(limit: dict[str, Any]) -> str:
    """A limit in words: the web page's messages (site/_labels.html), so one translation."""
    kind = limit["kind"]
    if kind == "rolling":
        return ngettext("at most %(num)d day in any period of %(period)d days",
                        "at most %(num)d days in any period of %(period)d days",
                        limit["days"]) % {"num": limit["days"], "period": limit["period"]}
    if kind == "calendar_year":
        return ngettext("at most %(num)d day in each calendar year",
                        "at most %(num)d days in each calendar year",
                        limit["days"]) % {"num": limit["days"]}
    if kind == "per_entry" and limit.get("months") is not None:
        return ngettext("at most %(num)d month per entry", "at most %(num)d months per entry",
                        limit["months"]) % {"num": limit["months"]}
    if kind == "per_entry":
        return ngettext("at most %(num)d day per entry", "at most %(num)d days per entry",
                        limit["days"]) % {"num": limit["days"]}
    if kind == "break":
        return ngettext("after a stay of %(num)d day or more, %(break)d days outside",
                        "after a stay of %(num)d days or more, %(break)d days outside",
                        limit["stay_days"]) % {"num": limit["stay_days"],
                                               "break": limit["break_days"]}
    return limit["text"]


def read_trips(path: Path, traveller: str | None):
    """(trips, defaults from the file, a function that names an API error's place)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(_("{path}: cannot read: {reason}").format(
            path=path, reason=exc.strerror)) from None
    except UnicodeDecodeError:
        raise InputError(_("{path}: not a UTF-8 text file").format(path=path)) from None
    if text.lstrip().startswith("{"):
        return read_json_export(path, text, traveller)
    return read_csv(path, text, traveller)


def read_csv(path: Path, text: str, traveller: str | None):
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise InputError(_("{path}: empty file; expected a header line {fields}").format(
            path=path, fields=",".join(CSV_FIELDS)))
    header = [h.strip().lower() for h in rows[0]]
    missing = [f for f in ("entry", "exit") if f not in header]
    unknown = [h for h in header if h not in CSV_FIELDS + CSV_EXPORT_FIELDS]
    if missing or unknown:
        raise InputError(_("{place}: the header must name columns from {fields} (entry and "
                           "exit required)").format(place=line_place(path, 1),
                                                    fields=",".join(CSV_FIELDS)))
    trips, lines, defaults = [], [], {}
    wanted = traveller
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise InputError(_("{place}: {count} fields, the header has {header}").format(
                place=line_place(path, number), count=len(row), header=len(header)))
        cells = dict(zip(header, (c.strip() for c in row), strict=False))
        if "traveller" in cells:  # the page's table: one traveller's rows at a time
            if wanted is None:
                wanted = cells["traveller"]
            if cells["traveller"] != wanted:
                continue
            for name in ("nationality", "destination"):
                if cells.get(name):
                    defaults.setdefault(name, cells[name])
        trip: dict[str, Any] = {"entry": cells.get("entry", ""),
                                "exit": cells.get("exit") or None}
        for name in ("country", "basis", "note"):
            if cells.get(name):
                trip[name] = cells[name]
        trips.append(trip)
        lines.append(number)
    if traveller is not None and wanted == traveller and not trips:
        raise InputError(_("{path}: no trips of a traveller named {name!r}").format(
            path=path, name=traveller))

    def locate(api_path: str) -> str:
        match = re.match(r"stays\[(\d+)\]\.?(\w*)", api_path)
        if match:
            field = f" {match.group(2)}" if match.group(2) else ""
            return f"{line_place(path, lines[int(match.group(1))])}{field}: "
        return ""

    return trips, defaults, locate


def line_place(path: Path, number: int) -> str:
    """A line of the trips file, as an error names it: `trips.csv line 3`."""
    return _("{path} line {number}").format(path=path, number=number)


def read_json_export(path: Path, text: str, traveller: str | None):
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputError(_("{path}: not valid JSON ({reason})").format(
            path=path, reason=exc)) from None
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise InputError(_("{path}: not a Staycheck export (no \"format\": \"staycheck\")")
                         .format(path=path))
    if not isinstance(data.get("version"), int) or data["version"] > EXPORT_VERSION:
        raise InputError(_("{path}: made by a newer Staycheck (file version {version!r}, "
                           "this one reads {supported})").format(
            path=path, version=data.get("version"), supported=EXPORT_VERSION))
    travellers = data.get("travellers")
    if not isinstance(travellers, list) or not travellers:
        raise InputError(_("{path}: travellers: no traveller in the file").format(path=path))
    index = 0
    if traveller is not None:
        names = [t.get("name") for t in travellers if isinstance(t, dict)]
        if traveller not in names:
            raise InputError(_("{path}: no traveller named {name!r}; the file has: {names}")
                             .format(path=path, name=traveller,
                                     names=", ".join(map(str, names))))
        index = names.index(traveller)
    chosen = travellers[index]
    if not isinstance(chosen, dict) or not isinstance(chosen.get("stays"), list):
        raise InputError(_("{path}: travellers[{index}].stays: missing or not a list").format(
            path=path, index=index))
    trips = [dict(s) if isinstance(s, dict) else s for s in chosen["stays"]]
    defaults = {k: chosen[k] for k in ("destination", "nationality") if chosen.get(k)}

    def locate(api_path: str) -> str:
        if api_path.startswith("stays"):
            return f"{path}: travellers[{index}].{api_path}: "
        return ""

    return trips, defaults, locate


def build_request(args: argparse.Namespace, trips: list[Any],
                  defaults: dict[str, str]) -> dict[str, Any]:
    destination = args.to or defaults.get("destination")
    nationality = args.passport or defaults.get("nationality")
    if not destination:
        raise InputError(_("--to is required: the destination country code, e.g. KZ"))
    if not nationality:
        raise InputError(_("--passport is required: your nationality's code, e.g. RU"))
    stays = [{k: v for k, v in t.items() if k != "note"} if isinstance(t, dict) else t
             for t in trips]
    request: dict[str, Any] = {"destination": destination, "nationality": nationality,
                               "on": args.on, "stays": stays}
    if args.plan:
        request["plan"] = {"entry": args.plan}
    return request


def report(answer: dict[str, Any], trips: list[dict[str, Any]]) -> str:
    """A short human report of a successful answer, in the chosen language."""
    regime, version = answer["regime"], answer["regime"]["version"]
    lines = [_(regime["title"]),
             _("Rule in force since {date}: {limits}").format(
                 date=version["effective_from"],
                 limits="; ".join(limit_text(lim) for lim in version["limits"])), ""]
    lines += control_day_lines(answer["on"])
    lines += stay_lines(answer, trips)
    lines.append("")
    lines += overstay_lines(answer["violations"])
    lines += [_("Note: {warning}").format(warning=warning_text(w)) for w in answer["warnings"]]
    lines.append(_("Sources: {urls}").format(urls="; ".join(s["url"] for s in version["sources"])))
    return "\n".join(lines)


def control_day_lines(on: dict[str, Any]) -> list[str]:
    used = ngettext("{used} of {n} day used", "{used} of {n} days used", on["limit"]).format(
        used=on["days_used"], n=on["limit"])
    if on["window"]:
        used += " " + _("({first} to {last})").format(**on["window"])
    verdict = (ngettext("OVER THE LIMIT by {n} day", "OVER THE LIMIT by {n} days",
                        on["overstay"]).format(n=on["overstay"]) if on["overstay"]
               else _("within the limit"))
    lines = [_("On {date}: {used}: {verdict}.").format(date=on["date"], used=used,
                                                        verdict=verdict)]
    for check in on["checks"][1:]:
        lines.append("  " + ngettext("also {name}: {used} of {n} day",
                                     "also {name}: {used} of {n} days", check["limit"]).format(
            name=_(LIMIT_NAMES[check["kind"]]), used=check["days_used"], n=check["limit"]))
    return lines


def stay_lines(answer: dict[str, Any], trips: list[dict[str, Any]]) -> list[str]:
    lines = []
    if answer["present"]:
        entry = answer["current_stay"]["entry"]
        if answer["latest_exit"]:
            text = _("You have been there since {entry}; the last day you may stay is "
                     "{last}").format(entry=entry, last=answer["latest_exit"])
            limit = answer["latest_exit_limit"]
            lines.append(text + limit_clause(limit["limited_by"], limit["later_stay"], trips)
                         + ".")
        else:
            lines.append(_("You have been there since {entry} and should not have entered "
                           "then.").format(entry=entry))
    nxt = answer["next_entry"]
    if nxt:
        if nxt["assumes_exit"]:
            text = ngettext("If you leave on {exit}: earliest entry {earliest} for up to {n} day",
                            "If you leave on {exit}: earliest entry {earliest} for up to {n} days",
                            nxt["max_days"])
        else:
            text = ngettext("Earliest entry {earliest} for up to {n} day",
                            "Earliest entry {earliest} for up to {n} days", nxt["max_days"])
        text = text.format(exit=nxt["assumes_exit"], earliest=nxt["earliest"], n=nxt["max_days"])
        text += limit_clause(nxt["limited_by"], nxt["later_stay"], trips)
        if nxt["full"]:
            full = ngettext("; a full {n}-day stay from {date}",
                            "; a full {n}-day stay from {date}", nxt["full_days"])
            text += full.format(n=nxt["full_days"], date=nxt["full"])
        lines.append(text + ".")
    if answer["plan"]:
        lines.append(plan_line(answer["plan"], trips))
    return lines


def plan_line(plan: dict[str, Any], trips: list[dict[str, Any]]) -> str:
    if plan["max_days"]:
        text = ngettext("Plan: entering on {entry} you may stay until {last} ({n} day)",
                        "Plan: entering on {entry} you may stay until {last} ({n} days)",
                        plan["max_days"]).format(entry=plan["entry"], last=plan["last_day"],
                                                 n=plan["max_days"])
    else:
        text = _("Plan: you may not enter on {entry}").format(entry=plan["entry"])
    return text + limit_clause(plan["limited_by"], plan["later_stay"], trips) + "."


def limit_clause(limited_by: str | None, later_stay: int | None,
                 trips: list[dict[str, Any]]) -> str:
    """What stops a stay (the plan, the stay under way, the next entry), as a clause."""
    if not limited_by:
        return ""
    text = _(", limited by {name}").format(name=_(LIMIT_NAMES[limited_by]))
    if later_stay is not None:
        text += " " + _("(the trip entering {date})").format(date=trips[later_stay].get("entry"))
    return text


def overstay_lines(violations: list[dict[str, Any]]) -> list[str]:
    if not violations:
        return [_("No overstay in the recorded trips.")]
    lines = [_("Overstays:")]
    for v in violations:
        lines.append("  " + ngettext(
            "{first} to {last}: {n} day over {name} (up to {peak} against {limit})",
            "{first} to {last}: {n} days over {name} (up to {peak} against {limit})",
            v["days"]).format(first=v["first"], last=v["last"], n=v["days"],
                              name=_(LIMIT_NAMES[v["limit_kind"]]), peak=v["peak"],
                              limit=v["limit"]))
    return lines


if __name__ == "__main__":
    sys.exit(main())
