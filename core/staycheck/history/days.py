"""Points to the countries of each local day, holding only a few numbers per day.

A point's local date is its time plus the UTC offset the file gives; where the file gives
none (Records.json, most GPX: times in UTC), the offset of the sun at its longitude, to the
hour (Almaty at 77° E is UTC+5, its solar offset +5 h too; places far from their zone's
meridian can be an hour off near midnight).

Points in flight do not put anyone in the country below: those inside a flight the file
records (an activity of type FLYING), and those reached and left at speeds no ground travel
reaches (both legs over FLIGHT_SPEED over more than FLIGHT_DISTANCE: the landing point is
kept, since it is left slowly).
"""

from __future__ import annotations

import math
from bisect import bisect_right

from .borders import Borders

FLIGHT_SPEED = 350 / 3.6  # metres a second: faster than any train on the ground
FLIGHT_DISTANCE = 20_000  # metres: two fixes of a point standing still can be far apart
EARTH_RADIUS = 6_371_000
DAY = 86_400


def distance(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS * math.asin(min(1.0, math.sqrt(a)))


class DayCountries:
    """The sink the readers feed: for each local day (days since 1970-01-01), for each
    country, [points, first time, last time]."""

    def __init__(self, borders: Borders, buffered: bool = False):
        self.borders = borders
        self.days: dict[int, dict[str, list]] = {}
        self.points = 0  # every point read
        self.in_flight = 0
        self.at_sea = 0
        # Formats that record flights are buffered (a visit per item: small) and filtered
        # at the end; the raw formats stream through the speed test with one point held.
        self.buffered = buffered
        self.held: list[tuple] = []
        self.flights: list[tuple[float, float]] = []
        self._previous: tuple | None = None
        self._pending: tuple | None = None

    def point(self, t: float, offset: int | None, lat: float, lon: float, item: int) -> None:
        self.points += 1
        if self.buffered:
            self.held.append((t, offset, lat, lon))
            return
        self._through_speed_test((t, offset, lat, lon))

    def flight(self, start: float, end: float) -> None:
        self.flights.append((start, end))

    def finish(self) -> None:
        if self.buffered:
            self.held.sort(key=lambda p: p[0])
            self.flights.sort()
            starts = [f[0] for f in self.flights]
            for p in self.held:
                i = bisect_right(starts, p[0]) - 1
                if i >= 0 and self.flights[i][0] < p[0] < self.flights[i][1]:
                    self.in_flight += 1
                    continue
                self._through_speed_test(p)
            self.held = []
        if self._pending is not None:
            self._place(self._pending)
            self._pending = None

    def _through_speed_test(self, p: tuple) -> None:
        pending, previous = self._pending, self._previous
        if pending is not None:
            if previous is not None and _fast(previous, pending) and _fast(pending, p):
                self.in_flight += 1
            else:
                self._place(pending)
        self._previous, self._pending = pending, p

    def _place(self, p: tuple) -> None:
        t, offset, lat, lon = p
        code = self.borders.code_at(lat, lon)
        if code is None:
            self.at_sea += 1
            return
        if offset is None:
            offset = round(lon / 15) * 60
        day = int((t + offset * 60) // DAY)
        countries = self.days.get(day)
        if countries is None:
            countries = self.days[day] = {}
        stats = countries.get(code)
        if stats is None:
            countries[code] = [1, t, t]
        else:
            stats[0] += 1
            if t < stats[1]:
                stats[1] = t
            elif t > stats[2]:
                stats[2] = t


def _fast(a: tuple, b: tuple) -> bool:
    elapsed = b[0] - a[0]
    if elapsed <= 0:
        return False
    metres = distance(a[2], a[3], b[2], b[3])
    return metres > FLIGHT_DISTANCE and metres / elapsed > FLIGHT_SPEED
