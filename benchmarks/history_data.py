"""A synthetic Records.json for the location-history benchmark: `n` points, one a minute
or so, of someone living in Almaty who travels to Europe every few weeks (a random walk
around each city, flights between them). Written as it is generated: never held whole."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

CITIES = [(43.2389, 76.8897), (52.52, 13.405), (50.0755, 14.4378), (48.2082, 16.3738),
          (41.7151, 44.8271), (41.0082, 28.9784), (55.7558, 37.6173), (42.8746, 74.5698)]
START = datetime(2019, 1, 1, tzinfo=UTC).timestamp()


def write_records(path: Path, n: int, seed: int = 11) -> int:
    rng = random.Random(seed)
    t, city, lat, lon = START, 0, *CITIES[0]
    with path.open("w", encoding="utf-8") as out:
        out.write('{\n  "locations": [')
        for i in range(n):
            if rng.random() < 1 / 20000:  # a trip: the next point is in another city
                city = 0 if city else rng.randrange(1, len(CITIES))
                lat, lon = CITIES[city]
                t += 6 * 3600
            lat += rng.uniform(-0.002, 0.002)
            lon += rng.uniform(-0.002, 0.002)
            t += rng.uniform(30, 150)
            stamp = datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
            item = (f'{{\n    "latitudeE7": {round(lat * 1e7)},\n'
                    f'    "longitudeE7": {round(lon * 1e7)},\n'
                    f'    "accuracy": {rng.randrange(5, 60)},\n    "activity": [{{\n'
                    '      "activity": [{\n        "type": "STILL",\n'
                    '        "confidence": 100\n      }],\n'
                    f'      "timestamp": "{stamp}"\n    }}],\n    "source": "WIFI",\n'
                    f'    "deviceTag": 12345,\n    "timestamp": "{stamp}"\n  }}')
            out.write(("," if i else "") + item)
        out.write("]\n}\n")
    return path.stat().st_size
