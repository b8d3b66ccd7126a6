"""`staycheck`: the rule core for people who live in a terminal.

Reads trips from a CSV file (`entry,exit,country,basis,note`, header required) or from the
JSON file the web page exports, asks `core.api.handle`, and prints a short report (or the
JSON answer with --json). Bad input: one line naming the line and field, exit status 2.
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

from .api import handle

CSV_FIELDS = ("entry", "exit", "country", "basis", "note")
# The web page's "export table" adds these; the CLI reads them too.
CSV_EXPORT_FIELDS = ("traveller", "nationality", "destination", "days")
EXPORT_FORMAT = "staycheck"
EXPORT_VERSION = 1
LIMIT_NAMES = {
    "rolling": "the rolling window",
    "calendar_year": "the calendar-year total",
    "per_entry": "the per-entry cap",
    "break": "the required break",
    "later_stay": "a later recorded trip",
    "next_trip": "the next recorded trip",
    "no_rule": "the end of the known rules",
}


class InputError(Exception):
    """Bad input, already worded for the user."""


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        trips, defaults, locate = read_trips(Path(args.trips), args.traveller)
        request = build_request(args, trips, defaults)
    except InputError as err:
        print(f"staycheck: {err}", file=sys.stderr)
        return 2
    response = json.loads(handle(json.dumps(request)))
    if not response["ok"]:
        error = response["error"]
        message = error["message"].removeprefix(f"{error['path']}: ")
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
    parser.add_argument("trips", help="trips file: CSV (entry,exit,country,basis,note) "
                                      "or the JSON file the web page exports")
    parser.add_argument("--to", metavar="CC", help="destination country code, e.g. KZ or FR")
    parser.add_argument("--passport", metavar="CC", help="nationality, e.g. RU")
    parser.add_argument("--on", metavar="YYYY-MM-DD", default=date.today().isoformat(),
                        help="control day (default: today)")
    parser.add_argument("--plan", metavar="YYYY-MM-DD", help="a planned entry date")
    parser.add_argument("--traveller", metavar="NAME",
                        help="which traveller of an exported file (default: the first)")
    parser.add_argument("--json", action="store_true", help="print the JSON answer")
    return parser.parse_args(argv)


def read_trips(path: Path, traveller: str | None):
    """(trips, defaults from the file, a function that names an API error's place)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a UTF-8 text file") from None
    if text.lstrip().startswith("{"):
        return read_json_export(path, text, traveller)
    return read_csv(path, text, traveller)


def read_csv(path: Path, text: str, traveller: str | None):
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise InputError(f"{path}: empty file; expected a header line "
                         f"{','.join(CSV_FIELDS)}")
    header = [h.strip().lower() for h in rows[0]]
    missing = [f for f in ("entry", "exit") if f not in header]
    unknown = [h for h in header if h not in CSV_FIELDS + CSV_EXPORT_FIELDS]
    if missing or unknown:
        raise InputError(f"{path} line 1: the header must name columns from "
                         f"{','.join(CSV_FIELDS)} (entry and exit required)")
    trips, lines, defaults = [], [], {}
    wanted = traveller
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise InputError(f"{path} line {number}: {len(row)} fields, "
                             f"the header has {len(header)}")
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
        raise InputError(f"{path}: no trips of a traveller named {traveller!r}")

    def locate(api_path: str) -> str:
        match = re.match(r"stays\[(\d+)\]\.?(\w*)", api_path)
        if match:
            field = f" {match.group(2)}" if match.group(2) else ""
            return f"{path} line {lines[int(match.group(1))]}{field}: "
        return ""

    return trips, defaults, locate


def read_json_export(path: Path, text: str, traveller: str | None):
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise InputError(f"{path}: not a Staycheck export (no \"format\": \"staycheck\")")
    if not isinstance(data.get("version"), int) or data["version"] > EXPORT_VERSION:
        raise InputError(f"{path}: made by a newer Staycheck (file version "
                         f"{data.get('version')!r}, this one reads {EXPORT_VERSION})")
    travellers = data.get("travellers")
    if not isinstance(travellers, list) or not travellers:
        raise InputError(f"{path}: travellers: no traveller in the file")
    index = 0
    if traveller is not None:
        names = [t.get("name") for t in travellers if isinstance(t, dict)]
        if traveller not in names:
            raise InputError(f"{path}: no traveller named {traveller!r}; "
                             f"the file has: {', '.join(map(str, names))}")
        index = names.index(traveller)
    chosen = travellers[index]
    if not isinstance(chosen, dict) or not isinstance(chosen.get("stays"), list):
        raise InputError(f"{path}: travellers[{index}].stays: missing or not a list")
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
        raise InputError("--to is required: the destination country code, e.g. KZ")
    if not nationality:
        raise InputError("--passport is required: your nationality's code, e.g. RU")
    stays = [{k: v for k, v in t.items() if k != "note"} if isinstance(t, dict) else t
             for t in trips]
    request: dict[str, Any] = {"destination": destination, "nationality": nationality,
                               "on": args.on, "stays": stays}
    if args.plan:
        request["plan"] = {"entry": args.plan}
    return request


def report(answer: dict[str, Any], trips: list[dict[str, Any]]) -> str:
    """A short human report of a successful answer."""
    regime, on = answer["regime"], answer["on"]
    version = regime["version"]
    lines = [regime["title"],
             f"Rule in force since {version['effective_from']}: "
             + "; ".join(lim["text"] for lim in version["limits"]), ""]
    window = on["window"]
    used = f"{on['days_used']} of {on['limit']} days used"
    if window:
        used += f" ({window['first']} to {window['last']})"
    verdict = (f"OVER THE LIMIT by {on['overstay']} days" if on["overstay"]
               else "within the limit")
    lines.append(f"On {on['date']}: {used}: {verdict}.")
    for check in on["checks"][1:]:
        lines.append(f"  also {LIMIT_NAMES[check['kind']]}: {check['days_used']} of "
                     f"{check['limit']} days")
    if answer["present"]:
        stay = answer["current_stay"]
        if answer["latest_exit"]:
            lines.append(f"You have been there since {stay['entry']}; the last day you may "
                         f"stay is {answer['latest_exit']}.")
        else:
            lines.append(f"You have been there since {stay['entry']} and should not have "
                         "entered then.")
    nxt = answer["next_entry"]
    if nxt:
        lead = (f"If you leave on {nxt['assumes_exit']}: earliest" if nxt["assumes_exit"]
                else "Earliest")
        text = f"{lead} entry {nxt['earliest']} for up to {nxt['max_days']} days"
        if nxt["full"]:
            text += f"; a full {nxt['full_days']}-day stay from {nxt['full']}"
        lines.append(text + ".")
    plan = answer["plan"]
    if plan:
        if plan["max_days"]:
            text = (f"Plan: entering on {plan['entry']} you may stay until {plan['last_day']} "
                    f"({plan['max_days']} days)")
        else:
            text = f"Plan: you may not enter on {plan['entry']}"
        if plan["limited_by"]:
            text += f", limited by {LIMIT_NAMES[plan['limited_by']]}"
            if plan["later_stay"] is not None:
                trip = trips[plan["later_stay"]]
                text += f" (the trip entering {trip.get('entry')})"
        lines.append(text + ".")
    lines.append("")
    if answer["violations"]:
        lines.append("Overstays:")
        for v in answer["violations"]:
            lines.append(f"  {v['first']} to {v['last']}: {v['days']} days over "
                         f"{LIMIT_NAMES[v['limit_kind']]} (up to {v['peak']} against "
                         f"{v['limit']})")
    else:
        lines.append("No overstay in the recorded trips.")
    for warning in answer["warnings"]:
        lines.append(f"Note: {warning['message']}.")
    lines.append("Sources: " + "; ".join(s["url"] for s in version["sources"]))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
