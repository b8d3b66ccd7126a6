"""`staycheck --from-history FILE`: the trips a location history gives, as the trips CSV
the page and the command line read (entry, exit, country, basis, note)."""

from __future__ import annotations

import sys
from pathlib import Path

from . import import_file, trips_csv
from .borders import BordersMissing
from .errors import MESSAGES, N_

FLAG_NOTES = {
    "gap_before": N_("no point in the days before the entry"),
    "gap_after": N_("no point in the days after the exit"),
    "border_entry": N_("entry day: a single point here"),
    "border_exit": N_("exit day: a single point here"),
}


def run(path: str, gettext, ngettext) -> int:
    """Print the CSV (0), or one line naming what is wrong with the file (2)."""
    _ = gettext
    try:
        result = import_file(Path(path))
    except BordersMissing:
        print("staycheck: the border data is missing (core/staycheck/history/borders.json); "
              "in a source checkout `bash scripts/setup.sh` exports it", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"staycheck: {path}: {exc.strerror}", file=sys.stderr)
        return 2
    if not result["ok"]:
        error = result["error"]
        print(f"staycheck: {path}: {_(MESSAGES[error['code']]).format(**error['params'])}",
              file=sys.stderr)
        return 2

    def note(trip: dict) -> str:
        words = [ngettext("location history: {n} point", "location history: {n} points",
                          trip["points"]).format(n=trip["points"])]
        words += [_(FLAG_NOTES[flag]) for flag in trip["flags"]]
        return "; ".join(words)

    sys.stdout.write(trips_csv(result, note))
    return 0
