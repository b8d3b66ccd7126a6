"""Trips from a phone's location history, read privately on the device.

`Importer` is fed the file's text chunk by chunk (the page's worker streams it from the
File, the command line from disk) and `finish()` gives the trips it derived, the same in
both places because it is the same code:

    {"ok": true, "format": "records", "points": n, "in_flight": n, "at_sea": n,
     "days": n, "trips": [{"entry", "exit", "country", "points", "bridged_days", "flags"}],
     "gaps": [{"first", "last", "from", "to"}]}

or {"ok": false, "error": {"code", "params", "message"}} (codes in errors.py).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..history_trips import derive_trips
from .borders import Borders, default_borders
from .days import DayCountries
from .errors import HistoryError
from .formats import reader_for

CHUNK = 1 << 20  # characters read at a time


class Importer:
    def __init__(self, borders: Borders | None = None):
        self.borders = borders or default_borders()
        self.reader = None
        self.sink: DayCountries | None = None
        self.error: HistoryError | None = None
        self.head = ""

    def feed(self, text: str) -> bool:
        """Take the next chunk; False once the file is known to be bad."""
        if self.error is not None:
            return False
        try:
            if self.reader is None:
                self.head += text
                if not self.head.strip():
                    return True
                text, self.head = self.head, ""
                self.sink = DayCountries(self.borders)
                self.reader = reader_for(text, self.sink)
            self.reader.feed(text)
        except HistoryError as exc:
            self.error = exc
        return self.error is None

    def finish(self) -> dict:
        try:
            if self.error is not None:
                raise self.error
            if self.reader is None:
                raise HistoryError("not_history")
            self.reader.finish()
            self.sink.finish()
            if self.sink.points == 0:
                raise HistoryError("no_points")
        except HistoryError as exc:
            return {"ok": False, "error": exc.as_dict()}
        sink = self.sink
        return {"ok": True, "format": self.reader.format, "points": sink.points,
                "in_flight": sink.in_flight, "at_sea": sink.at_sea, **derive_trips(sink.days)}


def import_file(path: Path, borders: Borders | None = None) -> dict:
    importer = Importer(borders)
    try:
        with open(path, encoding="utf-8-sig") as stream:
            while chunk := stream.read(CHUNK):
                if not importer.feed(chunk):
                    break
    except UnicodeDecodeError:
        return {"ok": False, "error": HistoryError("not_text").as_dict()}
    return importer.finish()


def trips_csv(result: dict, note) -> str:
    """The derived trips as the trips CSV the page and the command line read; `note(trip)`
    words each trip's note (points, flags) in the caller's language."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("entry", "exit", "country", "basis", "note"))
    for trip in result["trips"]:
        writer.writerow((trip["entry"], trip["exit"], trip["country"], "", note(trip)))
    return out.getvalue()
