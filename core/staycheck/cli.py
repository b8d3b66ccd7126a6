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
import io
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

from . import i18n, words
from .api import handle
from .rules import country_names
from .words import ERRORS, REASON_NAMES, WARNINGS, say

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
        request = (presence_request(args, trips, defaults) if args.days_in_countries
                   else build_request(args, trips, defaults))
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
    elif args.days_in_countries:
        sys.stdout.write(presence_csv(response["presence"]))
        return 0
    else:
        print(report(response, trips))
    return 0 if response["on"]["within_limits"] else 1


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
    parser.add_argument("--days-in-countries", action="store_true",
                        help="print the days present in each country, per calendar year and "
                             "in the 12 months ending on --on, as CSV (not tax advice)")
    parser.add_argument("--lang", metavar="LANG", default=i18n.SOURCE_LOCALE,
                        help="language of the report: en (default), ru or kk")
    return parser.parse_args(argv)


def use_language(locale: str) -> None:
    global _translations
    _translations = i18n.translations(locale)


def error_text(error: dict[str, Any]) -> str:
    """The core's error in the report's language (its own English message in English)."""
    english = error["message"].removeprefix(f"{error['path']}: ")
    if isinstance(_translations, i18n.SourceTranslations):
        return english
    return say(_translations, ERRORS, error["code"], error["params"]) or english


def warning_text(warning: dict[str, Any]) -> str:
    params = dict(warning["params"])
    if "stays" in params:
        params["trips"] = ", ".join(str(i + 1) for i in params["stays"])
    return say(_translations, WARNINGS, warning["code"], params) or warning["message"]


def reason_name(reason: str) -> str:
    return say(_translations, REASON_NAMES, reason) or reason


def limit_text(limit: dict[str, Any]) -> str:
    """A limit in words: the same words as the web page's (staycheck.words)."""
    return words.limit_text(_translations, limit)


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


def presence_request(args: argparse.Namespace, trips: list[Any],
                     defaults: dict[str, str]) -> dict[str, Any]:
    """The days-in-every-country question: no destination or passport needed."""
    stays = [{k: v for k, v in t.items() if k != "note"} if isinstance(t, dict) else t
             for t in trips]
    request = {"question": "presence", "on": args.on, "window_end": args.on, "stays": stays}
    if args.to or defaults.get("destination"):
        request["destination"] = args.to or defaults.get("destination")
    return request


def presence_csv(presence: dict[str, Any]) -> str:
    """The core's days per country as the page's CSV export writes them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    window = presence["window"]
    writer.writerow(["country", "name", f"{window['first']}..{window['last']}",
                     *presence["years"]])
    names = country_names()
    for row in presence["countries"]:
        writer.writerow([row["country"], names.get(row["country"], row["country"]),
                         row["window"]["days"], *(y["days"] for y in row["years"])])
    return out.getvalue()


def report(answer: dict[str, Any], trips: list[dict[str, Any]]) -> str:
    """A short human report of a successful answer, in the chosen language."""
    regime, version = answer["regime"], answer["regime"]["version"]
    lines = [_(regime["title"]),
             _("Rule in force since {date}: {limits}").format(
                 date=version["effective_from"],
                 limits="; ".join(limit_text(lim) for lim in version["limits"]))]
    # Where the sources disagree: the reading the answer takes, and the other one.
    lines += [_("Sources disagree: {text}").format(text=_(text)) for text in version["disputed"]]
    lines.append("")
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
    over = max((check["over"] for check in on["checks"]), default=0)
    verdict = (ngettext("OVER THE LIMIT by {n} day", "OVER THE LIMIT by {n} days",
                        over).format(n=over) if not on["within_limits"]
               else _("within the limit"))
    lines = [_("On {date}: {used}: {verdict}.").format(date=on["date"], used=used,
                                                        verdict=verdict)]
    for check in on["checks"][1:]:
        lines.append("  " + ngettext("also {name}: {used} of {n} day",
                                     "also {name}: {used} of {n} days", check["limit"]).format(
            name=reason_name(check["limit_kind"]), used=check["days_used"], n=check["limit"]))
    return lines


def stay_lines(answer: dict[str, Any], trips: list[dict[str, Any]]) -> list[str]:
    lines = []
    if answer["present"]:
        entry = answer["current_stay"]["entry"]
        latest = answer["latest_exit"]
        if latest:
            text = _("You have been there since {entry}; the last day you may stay is "
                     "{last}").format(entry=entry, last=latest["last"])
            lines.append(text + limit_clause(latest["limited_by"], trips) + ".")
        else:
            lines.append(_("You have been there since {entry} and should not have entered "
                           "then.").format(entry=entry))
    nxt = answer["next_entry"]
    if nxt:
        if nxt["assumes_exit"]:
            text = ngettext("If you leave on {exit}: earliest entry {earliest} for up to {n} day",
                            "If you leave on {exit}: earliest entry {earliest} for up to {n} days",
                            nxt["days"])
        else:
            text = ngettext("Earliest entry {earliest} for up to {n} day",
                            "Earliest entry {earliest} for up to {n} days", nxt["days"])
        text = text.format(exit=nxt["assumes_exit"], earliest=nxt["first"], n=nxt["days"])
        text += limit_clause(nxt["limited_by"], trips)
        if nxt["full"]:
            full = ngettext("; a full {n}-day stay from {date}",
                            "; a full {n}-day stay from {date}", nxt["full"]["days"])
            text += full.format(n=nxt["full"]["days"], date=nxt["full"]["first"])
        lines.append(text + ".")
    if answer["plan"]:
        lines.append(plan_line(answer["plan"], trips))
    return lines


def plan_line(plan: dict[str, Any], trips: list[dict[str, Any]]) -> str:
    if plan["days"]:
        text = ngettext("Plan: entering on {entry} you may stay until {last} ({n} day)",
                        "Plan: entering on {entry} you may stay until {last} ({n} days)",
                        plan["days"]).format(entry=plan["first"], last=plan["last"],
                                             n=plan["days"])
    else:
        text = _("Plan: you may not enter on {entry}").format(entry=plan["first"])
    return text + limit_clause(plan["limited_by"], trips) + "."


def limit_clause(limited_by: dict[str, Any] | None, trips: list[dict[str, Any]]) -> str:
    """What stops a stay (the plan, the stay under way, the next entry), as a clause."""
    if not limited_by:
        return ""
    text = _(", limited by {name}").format(name=reason_name(limited_by["reason"]))
    if limited_by["stay"] is not None:
        text += " " + _("(the trip entering {date})").format(
            date=trips[limited_by["stay"]].get("entry"))
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
                              name=reason_name(v["limit_kind"]), peak=v["peak"],
                              limit=v["limit"]))
    return lines


if __name__ == "__main__":
    sys.exit(main())
