// Points to the countries of each local day: the page's twin of
// core/staycheck/history/days.py (see it for the rules: local dates from the file's offsets
// or the sun's, points in flight dropped), step for step with the same arithmetic.

const FLIGHT_SPEED = 350 / 3.6;
const FLIGHT_DISTANCE = 20_000;
const EARTH_RADIUS = 6_371_000;
const DAY = 86_400;
const radians = (degrees) => (degrees * Math.PI) / 180;

function distance(lat1, lon1, lat2, lon2) {
  const p1 = radians(lat1);
  const p2 = radians(lat2);
  const a = Math.sin((p2 - p1) / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin(radians(lon2 - lon1) / 2) ** 2;
  return 2 * EARTH_RADIUS * Math.asin(Math.min(1.0, Math.sqrt(a)));
}

// Python's round(): halves to even.
function roundHalfEven(x) {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function fast(a, b) {
  const elapsed = b[0] - a[0];
  if (elapsed <= 0) return false;
  const metres = distance(a[2], a[3], b[2], b[3]);
  return metres > FLIGHT_DISTANCE && metres / elapsed > FLIGHT_SPEED;
}

export class DayCountries {
  constructor(borders) {
    this.borders = borders;
    this.days = new Map(); // day -> Map(code -> [points, first, last])
    this.points = 0;
    this.inFlight = 0;
    this.atSea = 0;
    this.buffered = false;
    this.held = [];
    this.flights = [];
    this.previous = null;
    this.pending = null;
  }

  point(t, offset, lat, lon) {
    this.points += 1;
    if (this.buffered) this.held.push([t, offset, lat, lon]);
    else this.throughSpeedTest([t, offset, lat, lon]);
  }

  flight(start, end) {
    this.flights.push([start, end]);
  }

  finish() {
    if (this.buffered) {
      this.held.sort((a, b) => a[0] - b[0]);
      this.flights.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const starts = this.flights.map((f) => f[0]);
      for (const p of this.held) {
        let low = 0;
        let high = starts.length;
        while (low < high) {
          const mid = (low + high) >> 1;
          if (p[0] < starts[mid]) high = mid;
          else low = mid + 1;
        }
        const i = low - 1;
        if (i >= 0 && this.flights[i][0] < p[0] && p[0] < this.flights[i][1]) {
          this.inFlight += 1;
          continue;
        }
        this.throughSpeedTest(p);
      }
      this.held = [];
    }
    if (this.pending !== null) {
      this.place(this.pending);
      this.pending = null;
    }
  }

  throughSpeedTest(p) {
    const { pending, previous } = this;
    if (pending !== null) {
      if (previous !== null && fast(previous, pending) && fast(pending, p)) this.inFlight += 1;
      else this.place(pending);
    }
    this.previous = pending;
    this.pending = p;
  }

  place([t, offset, lat, lon]) {
    const code = this.borders.codeAt(lat, lon);
    if (code === null) {
      this.atSea += 1;
      return;
    }
    if (offset === null) offset = roundHalfEven(lon / 15) * 60;
    const day = Math.floor((t + offset * 60) / DAY);
    let countries = this.days.get(day);
    if (!countries) {
      countries = new Map();
      this.days.set(day, countries);
    }
    const stats = countries.get(code);
    if (!stats) countries.set(code, [1, t, t]);
    else {
      stats[0] += 1;
      if (t < stats[1]) stats[1] = t;
      else if (t > stats[2]) stats[2] = t;
    }
  }

  /** The days as derive_trips takes them: {day: {code: [points, first, last]}}. */
  toJSON() {
    const out = {};
    for (const [day, countries] of this.days) out[day] = Object.fromEntries(countries);
    return out;
  }
}
