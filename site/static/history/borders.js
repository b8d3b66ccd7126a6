// Which country a point is in: the page's twin of core/staycheck/history/borders.py,
// step for step and with the same arithmetic, on the same borders.json (exported from
// @rapideditor/country-coder by scripts/export_borders.mjs), so that the page and the
// command line place every point alike (tests/e2e/test_history.py checks they agree).
// See the Python module for how it works: bands of a tenth of a degree of latitude, in
// each the x-ranges no edge touches have their countries worked out once.

const BANDS_PER_DEGREE = 10;

const bandOf = (lat) => Math.floor((lat + 90.0) * BANDS_PER_DEGREE);

function crosses(edge, x, y) {
  const [, x1, y1, x2, y2] = edge;
  if (y1 > y === y2 > y) return false;
  return x < x1 + ((y - y1) * (x2 - x1)) / (y2 - y1);
}

// The features whose edges the eastward ray from (x, y) crosses an odd number of times,
// as a sorted array of feature indices.
function parity(edges, x, y) {
  const odd = new Set();
  for (const edge of edges) {
    if (crosses(edge, x, y)) {
      if (odd.has(edge[0])) odd.delete(edge[0]);
      else odd.add(edge[0]);
    }
  }
  return [...odd].sort((a, b) => a - b);
}

function xor(a, b) {
  if (!b.length) return a;
  const out = new Set(a);
  for (const f of b) {
    if (out.has(f)) out.delete(f);
    else out.add(f);
  }
  return [...out].sort((p, q) => p - q);
}

class Band {
  constructor(edges, index) {
    const south = index / BANDS_PER_DEGREE - 90.0;
    const north = (index + 1) / BANDS_PER_DEGREE - 90.0;
    const spans = edges.map((edge) => {
      const [, x1, y1, x2, y2] = edge;
      let xs;
      if (y1 === y2) xs = [x1, x2];
      else {
        xs = [Math.max(Math.min(y1, y2), south), Math.min(Math.max(y1, y2), north)].map((y) => x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
      }
      return [Math.min(...xs), Math.max(...xs), edge];
    });
    spans.sort((a, b) => a[0] - b[0]);
    this.starts = [];
    this.ends = [];
    this.edges = [];
    for (const [low, high, edge] of spans) {
      const last = this.ends.length - 1;
      if (last >= 0 && low <= this.ends[last]) {
        this.ends[last] = Math.max(this.ends[last], high);
        this.edges[last].push(edge);
      } else {
        this.starts.push(low);
        this.ends.push(high);
        this.edges.push([edge]);
      }
    }
    const middle = (south + north) / 2;
    let state = [];
    this.eastOf = new Array(this.starts.length);
    for (let i = this.starts.length - 1; i >= 0; i--) {
      this.eastOf[i] = state;
      state = xor(state, parity(this.edges[i], this.starts[i] - 1.0, middle));
    }
    this.westState = state;
  }

  featuresAt(x, y) {
    // bisect_right(starts, x) - 1
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (x < this.starts[mid]) high = mid;
      else low = mid + 1;
    }
    const i = low - 1;
    if (i < 0) return this.westState;
    if (x > this.ends[i]) return this.eastOf[i];
    return xor(this.eastOf[i], parity(this.edges[i], x, y));
  }
}

export class Borders {
  constructor(data) {
    this.source = data.source || "";
    this.codes = data.features.map((f) => f.code);
    this.edgesByBand = new Map();
    data.features.forEach((feature, index) => {
      for (const ring of feature.rings) this.addRing(index, ring);
    });
    this.bands = new Map();
  }

  addRing(feature, ring) {
    const count = ring.length >> 1;
    for (let k = 0; k < count; k++) {
      const x1 = ring[2 * k];
      const y1 = ring[2 * k + 1];
      const j = (k + 1) % count;
      const x2 = ring[2 * j];
      const y2 = ring[2 * j + 1];
      if (y1 === y2 && x1 === x2) continue;
      const [low, high] = y1 <= y2 ? [y1, y2] : [y2, y1];
      for (let band = bandOf(low); band <= bandOf(high); band++) {
        let list = this.edgesByBand.get(band);
        if (!list) {
          list = [];
          this.edgesByBand.set(band, list);
        }
        list.push([feature, x1, y1, x2, y2]);
      }
    }
  }

  /** The ISO code of the country at the point, or null (the sea). */
  codeAt(lat, lon) {
    const index = bandOf(lat);
    let band = this.bands.get(index);
    if (!band) {
      band = new Band(this.edgesByBand.get(index) || [], index);
      this.bands.set(index, band);
    }
    const inside = band.featuresAt(lon, lat);
    return inside.length ? this.codes[inside[0]] : null;
  }
}
