"""The location-history files people have, read as they arrive, chunk by chunk.

- Google Maps Timeline exported from the phone: `{"semanticSegments": [...]}`, each segment
  with `startTime`/`endTime` in local time with its UTC offset, and a `visit`
  (`topCandidate.placeLocation.latLng` as "48.85°, 2.35°"), an `activity` (`start`, `end`,
  `topCandidate.type`) or a `timelinePath` of `{point, time}`. From an iPhone the same
  segments as a bare list, `[...]`, their places as "geo:48.85,2.35" strings
  (`placeLocation`, an activity's `start` and `end`, a path's `point`), a path's times as
  `durationMinutesOffsetFromStartTime` and the activity types in lower case ("flying").
  Google does not document either; the iPhone's is described from third-party readers
  of real exports.
- Google Takeout `Records.json`: `{"locations": [...]}` with `latitudeE7`, `longitudeE7` and
  `timestamp` (ISO, UTC) or `timestampMs`; often hundreds of MB, so never held whole.
- Takeout Semantic Location History (one file a month): `{"timelineObjects": [...]}` of
  `placeVisit` (`location`, `duration`) and `activitySegment` (`startLocation`,
  `endLocation`, `duration`, `activityType`, `simplePath`).
- GPX 1.0 and 1.1: `trkpt` and `wpt` with `lat`, `lon` and a `time`.

Each reader takes text chunks (`feed`) and hands on `Point`s and flight intervals to a
sink; `finish` says whether the file ended where it should.
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from typing import Protocol

from .errors import HistoryError

# A JSON item that has not ended after this many characters is not an item being cut by a
# chunk boundary but a broken file.
MAX_ITEM = 8 * 1024 * 1024
ARRAY_KEYS = {"semanticSegments": "timeline", "locations": "records",
              "timelineObjects": "semantic"}
ARRAY_START = re.compile(r'"(semanticSegments|locations|timelineObjects)"\s*:\s*\[')
# The iPhone's Timeline: the file is the list of segments.
BARE_ARRAY = re.compile(r"^[\ufeff\s]*\[")
DECIMAL = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)\s*", re.ASCII)
_decoder = json.JSONDecoder()


class Sink(Protocol):
    buffered: bool

    def point(self, t: float, offset: int | None, lat: float, lon: float, item: int) -> None: ...
    def flight(self, start: float, end: float) -> None: ...


def parse_time(value, item: int) -> tuple[float, int | None]:
    """(seconds since the epoch, the UTC offset in minutes the text gives, or None for
    'Z' and epoch milliseconds: UTC, the local offset unknown)."""
    try:
        if isinstance(value, str) and "T" in value:
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:
                raise ValueError(value)
            offset = None if value.endswith("Z") else int(moment.utcoffset().total_seconds() // 60)
            return moment.timestamp(), offset
        return int(value) / 1000.0, None
    except (ValueError, TypeError, OverflowError):
        raise HistoryError("bad_time", value=repr(value), item=item) from None


def check_point(lat, lon, item: int) -> tuple[float, float]:
    if not (isinstance(lat, (int, float)) and isinstance(lon, (int, float))
            and -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise HistoryError("bad_coordinates", lat=lat, lon=lon, item=item)
    return float(lat), float(lon)


def parse_lat_lng(text, item: int) -> tuple[float, float]:
    """'48.8566°, 2.3522°' (the phone's Timeline) or 'geo:48.8566,2.3522'."""
    try:
        lat, lon = str(text).removeprefix("geo:").replace("°", "").split(",")
        return check_point(float(lat), float(lon), item)
    except ValueError:
        raise HistoryError("bad_coordinates", lat=text, lon="", item=item) from None


def place_point(place, item: int) -> tuple[float, float] | None:
    """A Timeline place: {"latLng": "48.85°, 2.35°"} (Android) or "geo:48.85,2.35" (the
    iPhone); None where the segment has none."""
    if isinstance(place, dict):
        place = place.get("latLng")
    return parse_lat_lng(place, item) if isinstance(place, str) else None


def e7_point(location, item: int, lat_key="latitudeE7", lon_key="longitudeE7"):
    if not isinstance(location, dict) or lat_key not in location:
        return None
    lat, lon = location.get(lat_key), location.get(lon_key)
    if not isinstance(lat, int) or not isinstance(lon, int):
        raise HistoryError("bad_coordinates", lat=lat, lon=lon, item=item)
    return check_point(lat / 1e7, lon / 1e7, item)


class JsonHistory:
    """One of the JSON formats: finds the array of items, then decodes them one by one.
    `bare`: the file is the array (the iPhone's Timeline)."""

    def __init__(self, sink: Sink, bare: bool = False):
        self.sink = sink
        self.bare = bare
        self.buffer = ""
        self.format: str | None = None
        self.done = False
        self.items = 0
        self.offset = 0  # characters of the file before the buffer

    def feed(self, text: str) -> None:
        self.buffer += text
        if self.format is None and not self._find_array():
            return
        self._decode_items()

    def _find_array(self) -> bool:
        match = (BARE_ARRAY if self.bare else ARRAY_START).search(self.buffer)
        if match is None:
            keep = self.buffer[-64:]
            self.offset += len(self.buffer) - len(keep)
            self.buffer = keep
            return False
        self.format = "timeline" if self.bare else ARRAY_KEYS[match.group(1)]
        # The formats that record flights are held until the end, to drop what was flown.
        self.sink.buffered = self.format != "records"
        self.offset += match.end()
        self.buffer = self.buffer[match.end():]
        return True

    def _decode_items(self) -> None:
        buffer, pos, end = self.buffer, 0, len(self.buffer)
        read = getattr(self, f"_{self.format}")
        while not self.done:
            while pos < end and buffer[pos] in " \t\r\n,":
                pos += 1
            if pos == end:
                break
            if buffer[pos] == "]":
                self.done = True
                pos += 1
                break
            try:
                item, pos_after = _decoder.raw_decode(buffer, pos)
            except json.JSONDecodeError as exc:
                if end - pos > MAX_ITEM:
                    raise HistoryError("bad_json", reason=exc.msg,
                                       offset=self.offset + exc.pos) from None
                break  # the item goes on in the next chunk
            self.items += 1
            if isinstance(item, dict):
                read(item, self.items)
            pos = pos_after
        self.offset += pos
        self.buffer = buffer[pos:]

    def finish(self) -> None:
        if self.format is None:
            raise HistoryError("not_history")
        if not self.done:
            rest = self.buffer.strip()
            try:
                _decoder.raw_decode(rest)
            except json.JSONDecodeError as exc:
                if exc.pos < len(rest) - 1 and not exc.msg.startswith("Unterminated"):
                    raise HistoryError("bad_json", reason=exc.msg,
                                       offset=self.offset + exc.pos) from None
            raise HistoryError("truncated")

    # The items of each format.

    def _records(self, item: dict, number: int) -> None:
        point = e7_point(item, number)
        if point is None:
            return
        stamp = item.get("timestamp", item.get("timestampMs"))
        if stamp is None:
            return
        t, offset = parse_time(stamp, number)
        self.sink.point(t, offset, point[0], point[1], number)

    def _timeline(self, item: dict, number: int) -> None:
        start, end = item.get("startTime"), item.get("endTime")
        if "visit" in item:
            place = place_point(item["visit"].get("topCandidate", {}).get("placeLocation"),
                                number)
            if place is not None and start and end:
                for stamp in (start, end):
                    t, offset = parse_time(stamp, number)
                    self.sink.point(t, offset, place[0], place[1], number)
        if "activity" in item and start and end:
            activity = item["activity"]
            if str(activity.get("topCandidate", {}).get("type")).upper() == "FLYING":
                self.sink.flight(parse_time(start, number)[0], parse_time(end, number)[0])
            for key, stamp in (("start", start), ("end", end)):
                place = place_point(activity.get(key), number)
                if place is not None:
                    t, offset = parse_time(stamp, number)
                    self.sink.point(t, offset, place[0], place[1], number)
        for step in item.get("timelinePath", ()):
            lat, lon = parse_lat_lng(step.get("point"), number)
            if "time" in step or "durationMinutesOffsetFromStartTime" not in step:
                t, offset = parse_time(step.get("time"), number)
            else:  # the iPhone's: minutes from the segment's start, in its offset
                t, offset = parse_time(start, number)
                t += 60 * _minutes(step["durationMinutesOffsetFromStartTime"], number)
            self.sink.point(t, offset, lat, lon, number)

    def _semantic(self, item: dict, number: int) -> None:
        if "placeVisit" in item:
            visit = item["placeVisit"]
            point = e7_point(visit.get("location"), number)
            for stamp in _duration(visit.get("duration")):
                if point is not None:
                    t, offset = parse_time(stamp, number)
                    self.sink.point(t, offset, point[0], point[1], number)
        if "activitySegment" in item:
            segment = item["activitySegment"]
            start, end = _duration(segment.get("duration")) or (None, None)
            kind = segment.get("activityType") or next(
                (a.get("activityType") for a in segment.get("activities", ())), None)
            if kind == "FLYING" and start and end:
                self.sink.flight(parse_time(start, number)[0], parse_time(end, number)[0])
            for key, stamp in (("startLocation", start), ("endLocation", end)):
                point = e7_point(segment.get(key), number)
                if point is not None and stamp:
                    t, offset = parse_time(stamp, number)
                    self.sink.point(t, offset, point[0], point[1], number)
            for step in (segment.get("simplePath") or {}).get("points", ()):
                point = e7_point(step, number, "latE7", "lngE7")
                stamp = step.get("timestamp", step.get("timestampMs"))
                if point is not None and stamp:
                    t, offset = parse_time(stamp, number)
                    self.sink.point(t, offset, point[0], point[1], number)


def _minutes(value, item: int) -> float:
    """A path point's minutes from its segment's start: "10" or 10."""
    if isinstance(value, str) and DECIMAL.fullmatch(value):
        return float(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    raise HistoryError("bad_time", value=repr(value), item=item)


def _duration(duration) -> tuple:
    if not isinstance(duration, dict):
        return ()
    start = duration.get("startTimestamp", duration.get("startTimestampMs"))
    end = duration.get("endTimestamp", duration.get("endTimestampMs"))
    return tuple(s for s in (start, end) if s)


class GpxHistory:
    """GPX 1.0 or 1.1: every `trkpt` and `wpt` with a time."""

    format = "gpx"

    def __init__(self, sink: Sink):
        self.sink = sink
        self.parser = ET.XMLPullParser(events=("start", "end"))
        self.items = 0
        self.checked = False

    def feed(self, text: str) -> None:
        try:
            self.parser.feed(text)
            self._drain()
        except ET.ParseError as exc:
            raise HistoryError("bad_xml", reason=str(exc), line=exc.position[0]) from None

    def _drain(self) -> None:
        for event, element in self.parser.read_events():
            tag = element.tag.rpartition("}")[2]
            if event == "start":
                if not self.checked:
                    self._check_root(tag, element)
                continue
            if tag in ("trkpt", "wpt"):
                self.items += 1
                self._point(element)
                element.clear()
            elif tag in ("trkseg", "trk"):
                element.clear()

    def _check_root(self, tag: str, element) -> None:
        self.checked = True
        if tag != "gpx":
            raise HistoryError("not_history")
        if element.get("version") not in ("1.0", "1.1"):
            raise HistoryError("unsupported_version",
                               format=f"GPX {element.get('version')}")

    def _point(self, element) -> None:
        time = next((c.text for c in element if c.tag.rpartition("}")[2] == "time"), None)
        if not time:
            return
        try:
            lat, lon = float(element.get("lat")), float(element.get("lon"))
        except (TypeError, ValueError):
            raise HistoryError("bad_coordinates", lat=element.get("lat"),
                               lon=element.get("lon"), item=self.items) from None
        lat, lon = check_point(lat, lon, self.items)
        t, offset = parse_time(time.strip(), self.items)
        self.sink.point(t, offset, lat, lon, self.items)

    def finish(self) -> None:
        try:
            self.parser.close()
        except ET.ParseError:
            raise HistoryError("truncated") from None
        self._drain()


def reader_for(head: str, sink: Sink):
    """The reader for a file that begins with `head` (its first chunk)."""
    text = head.lstrip("\ufeff \t\r\n")
    if text.startswith("<"):
        if "<gpx" not in text[:4096]:
            raise HistoryError("not_history")
        return GpxHistory(sink)
    if text.startswith("["):
        if '"startTime"' not in text[:4096]:
            raise HistoryError("not_history")
        return JsonHistory(sink, bare=True)
    if text.startswith("{"):
        if '"format"' in text[:200] and '"staycheck"' in text[:200]:
            raise HistoryError("not_history")
        return JsonHistory(sink)
    raise HistoryError("not_history")
