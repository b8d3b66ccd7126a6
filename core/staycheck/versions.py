"""When each version of the rule data was last checked against its sources.

`python -m staycheck.versions` lists every version of every regime with its `verified_on`
date and its sources, the longest unchecked first (versions nobody has checked yet, then
the oldest checks), so that keeping the data current is a routine: check from the top,
update `verified_on` (or the version), repeat. The rules page marks the same versions
(`check_status`, at the build date).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from .model import Disputed, Regime, Version
from .rules import load_regimes

# A check older than this is overdue: laws and their application change within a year.
STALE_AFTER = timedelta(days=365)

UNVERIFIED, STALE, CHECKED = "unverified", "stale", "checked"


def check_status(version: Version, on: date) -> str:
    """`unverified` (never checked), `stale` (last checked over a year before `on`) or
    `checked`."""
    if version.verified_on is None:
        return UNVERIFIED
    return STALE if on - version.verified_on > STALE_AFTER else CHECKED


def build_day() -> date:
    """Today in UTC, or the day of SOURCE_DATE_EPOCH where set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.date()


@dataclass(frozen=True, slots=True)
class Entry:
    regime: Regime
    version: Version
    status: str


def entries(regimes: tuple[Regime, ...], on: date) -> list[Entry]:
    """Every version, the longest unchecked first: unverified ones, then by check date;
    within a day by regime and effective date."""
    found = [Entry(r, v, check_status(v, on)) for r in regimes for v in r.versions]
    return sorted(found, key=lambda e: (e.version.verified_on is not None,
                                        e.version.verified_on or date.min, e.regime.id,
                                        e.version.effective_from))


def _for(doubt: Disputed) -> str:
    return f" ({', '.join(sorted(doubt.nationalities))} passports)" if doubt.nationalities else ""


def as_text(listed: list[Entry]) -> str:
    lines = []
    for e in listed:
        checked = e.version.verified_on.isoformat() if e.version.verified_on else UNVERIFIED
        flag = {UNVERIFIED: "  [never checked]", STALE: "  [over a year ago]"}.get(e.status, "")
        lines.append(f"{checked:10}  {e.regime.id}  from {e.version.effective_from}{flag}")
        lines += [f"    {s.title} <{s.url}>" for s in e.version.sources]
        lines += [f"    disputed{_for(d)}: {d.text}" for d in e.version.disputed]
    return "\n".join(lines)


def as_json(listed: list[Entry]) -> str:
    return json.dumps([{
        "regime": e.regime.id,
        "effective_from": e.version.effective_from.isoformat(),
        "verified_on": e.version.verified_on.isoformat() if e.version.verified_on else None,
        "status": e.status,
        "sources": [{"title": s.title, "url": s.url} for s in e.version.sources],
        "disputed": [{"text": d.text, "nationalities": sorted(d.nationalities)}
                     for d in e.version.disputed],
    } for e in listed], ensure_ascii=False, indent=2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m staycheck.versions",
        description="Every version of the rule data with the day it was last checked "
                    "against its sources, the longest unchecked first.")
    parser.add_argument("--on", type=date.fromisoformat, default=build_day(),
                        help="the day to judge overdue checks from (default: today)")
    parser.add_argument("--due", action="store_true",
                        help="only versions never checked or last checked over a year ago")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    listed = entries(load_regimes(), args.on)
    if args.due:
        listed = [e for e in listed if e.status != CHECKED]
    print(as_json(listed) if args.json else as_text(listed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
