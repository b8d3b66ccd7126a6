"""Which country a point is in, offline, on the borders of country-coder.

`scripts/export_borders.mjs` exports @rapideditor/country-coder's borders (the ones the
OpenStreetMap editors use) into `borders.json` beside this file: every feature's rings and
the ISO code country-coder gives its points. The same file is copied into the site, and
the page runs this very module in Pyodide, so the page and the command line place every
point alike.

A point is inside a feature when a ray from it to the east crosses the feature's rings an
odd number of times. To keep that cheap for millions of points, the world is cut into
bands of a tenth of a degree of latitude; in each band (built the first time a point falls in it)
the x-ranges that no edge touches are "clear" and their countries known once, so a point
there costs a binary search; a point in a range edges touch crosses only that range's
edges and takes the countries of the clear range east of it.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from functools import lru_cache
from importlib import resources
from pathlib import Path

BANDS_PER_DEGREE = 10  # bands of a tenth of a degree; the page's borders.js the same


class BordersMissing(Exception):
    """The exported border data is not installed (a source checkout before setup)."""


def load_borders(path: Path | None = None) -> Borders:
    try:
        if path is None:
            text = resources.files(__package__).joinpath("borders.json").read_text("utf-8")
        else:
            text = path.read_text("utf-8")
    except (FileNotFoundError, OSError):
        raise BordersMissing("borders.json") from None
    return Borders(json.loads(text))


@lru_cache(maxsize=1)
def default_borders() -> Borders:
    return load_borders()


class Borders:
    def __init__(self, data: dict):
        self.source: str = data.get("source", "")
        self.codes: list[str] = [f["code"] for f in data["features"]]
        # Every edge as (feature, x1, y1, x2, y2), filed under each band its y-range meets.
        self._edges_by_band: dict[int, list[tuple]] = {}
        for index, feature in enumerate(data["features"]):
            for ring in feature["rings"]:
                self._add_ring(index, ring)
        self._bands: dict[int, _Band] = {}

    def _add_ring(self, feature: int, ring: list[float]) -> None:
        count = len(ring) // 2
        for k in range(count):
            x1, y1 = ring[2 * k], ring[2 * k + 1]
            j = (k + 1) % count
            x2, y2 = ring[2 * j], ring[2 * j + 1]
            if y1 == y2 and x1 == x2:
                continue
            low, high = (y1, y2) if y1 <= y2 else (y2, y1)
            for band in range(_band_of(low), _band_of(high) + 1):
                self._edges_by_band.setdefault(band, []).append((feature, x1, y1, x2, y2))

    def code_at(self, lat: float, lon: float) -> str | None:
        """The ISO code of the country at the point, or None (the sea, Antarctica's edge)."""
        band_index = _band_of(lat)
        band = self._bands.get(band_index)
        if band is None:
            band = self._bands[band_index] = _Band(
                self._edges_by_band.get(band_index, ()), band_index)
        inside = band.features_at(lon, lat)
        if not inside:
            return None
        return self.codes[min(inside)]


def _band_of(lat: float) -> int:
    # A product, not a float division (// rounds 1 // 0.1 to 9): the same in JavaScript.
    return math.floor((lat + 90.0) * BANDS_PER_DEGREE)


def _crosses(edge: tuple, x: float, y: float) -> bool:
    """Does the ray from (x, y) to the east cross the edge? (half-open in y, so a ray
    through a vertex counts it once)"""
    _, x1, y1, x2, y2 = edge
    if (y1 > y) == (y2 > y):
        return False
    return x < x1 + (y - y1) * (x2 - x1) / (y2 - y1)


class _Band:
    """One band of latitude: its clear ranges and their countries, its edge ranges."""

    def __init__(self, edges, index: int):
        south = index / BANDS_PER_DEGREE - 90.0
        north = (index + 1) / BANDS_PER_DEGREE - 90.0
        spans = []
        for edge in edges:
            _, x1, y1, x2, y2 = edge
            # The edge's x-extent inside the band (clipped, so long edges stay local).
            if y1 == y2:  # never crossed, but it parts the band: keep its whole extent
                xs = [x1, x2]
            else:
                xs = [x1 + (y - y1) * (x2 - x1) / (y2 - y1)
                      for y in (max(min(y1, y2), south), min(max(y1, y2), north))]
            spans.append((min(xs), max(xs), edge))
        spans.sort(key=lambda s: s[0])
        # Merge overlapping extents into ranges: starts, ends and each range's edges.
        self.starts: list[float] = []
        self.ends: list[float] = []
        self.edges: list[list[tuple]] = []
        for low, high, edge in spans:
            if self.ends and low <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], high)
                self.edges[-1].append(edge)
            else:
                self.starts.append(low)
                self.ends.append(high)
                self.edges.append([edge])
        # east_of[i]: the features a point between range i's end and range i+1's start is
        # in (the same for every y of the band: no edge is there). East of everything: none.
        middle = (south + north) / 2
        state: frozenset = frozenset()
        self.east_of: list[frozenset] = [frozenset()] * len(self.starts)
        for i in range(len(self.starts) - 1, -1, -1):
            self.east_of[i] = state
            state = state ^ _parity(self.edges[i], self.starts[i] - 1.0, middle)
        self.west_state = state

    def features_at(self, x: float, y: float) -> frozenset:
        i = bisect_right(self.starts, x) - 1
        if i < 0:
            return self.west_state
        if x > self.ends[i]:
            return self.east_of[i]
        return self.east_of[i] ^ _parity(self.edges[i], x, y)


def _parity(edges, x: float, y: float) -> frozenset:
    """The features whose edges in this range the eastward ray from (x, y) crosses an odd
    number of times."""
    odd: set = set()
    for edge in edges:
        if _crosses(edge, x, y):
            odd ^= {edge[0]}
    return frozenset(odd)
